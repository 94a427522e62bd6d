using System.Reflection;
using NetArchTest.Rules;

namespace Bourse.Architecture.Tests;

/// <summary>Keeps the layering of DESIGN.md: dependencies point downward, codecs stay pure.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Core = typeof(Bourse.Core.Properties.PropertyBag).Assembly;
    private static readonly Assembly Storage = typeof(Bourse.Storage.IMailStore).Assembly;
    private static readonly Assembly Directory = typeof(Bourse.Directory.IDirectory).Assembly;
    private static readonly Assembly Server = LoadServer();

    private static Assembly LoadServer() => Assembly.Load("bourse");

    private static Assembly Mailbox => Assembly.Load("Bourse.Mailbox");

    private static void AssertNoDependency(Assembly assembly, params string[] forbidden)
    {
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful,
            $"{assembly.GetName().Name} must not depend on {string.Join(", ", forbidden)}; offending types: " +
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void CoreHasNoIoNoAspNetAndNoOtherBourseLayer() =>
        AssertNoDependency(Core, "Bourse.Storage", "Bourse.Directory", "Bourse.Mailbox", "Bourse.Server",
            "Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "MimeKit", "System.Net.Http");

    [Fact]
    public void StorageKnowsNothingOfDirectoryMailboxProtocolsOrAspNet() =>
        AssertNoDependency(Storage, "Bourse.Directory", "Bourse.Mailbox", "Bourse.Server", "Microsoft.AspNetCore", "MimeKit");

    [Fact]
    public void DirectoryKnowsNothingOfTheStoreOrAspNet() =>
        AssertNoDependency(Directory, "Bourse.Storage", "Bourse.Mailbox", "Bourse.Server", "Microsoft.AspNetCore");

    [Fact]
    public void MailboxOperationsDoNotDependOnTheHostOrAspNet() =>
        AssertNoDependency(Mailbox, "Bourse.Server", "Microsoft.AspNetCore");

    [Fact]
    public void ProtocolCodecsNeverReachStorageDirectoryOrAspNet()
    {
        // DESIGN.md: a protocol project's Codec/ is pure and fuzzable. Applies to every Bourse assembly that has one.
        foreach (var asm in BourseAssemblies())
        {
            var result = Types.InAssembly(asm).That().ResideInNamespaceMatching(@"^Bourse\.[A-Za-z]+\.Codec(\.|$)")
                .ShouldNot().HaveDependencyOnAny("Bourse.Storage", "Bourse.Directory", "Bourse.Mailbox", "Microsoft.AspNetCore", "Microsoft.Data.Sqlite")
                .GetResult();
            Assert.True(result.IsSuccessful, $"{asm.GetName().Name} codec types reach I/O: " + string.Join(", ", result.FailingTypeNames ?? []));
        }
    }

    [Fact]
    public void ProtocolProjectsDoNotReferenceEachOtherOrTheServer()
    {
        var protocols = BourseAssemblies()
            .Where(a => a.GetName().Name is { } n && n.StartsWith("Bourse.", StringComparison.Ordinal) &&
                        n is not ("Bourse.Core" or "Bourse.Storage" or "Bourse.Directory" or "Bourse.Mailbox") &&
                        !n.StartsWith("Bourse.Storage.", StringComparison.Ordinal) && !n.StartsWith("Bourse.Directory.", StringComparison.Ordinal))
            .ToList();
        foreach (var p in protocols)
        {
            var others = protocols.Where(o => o != p).Select(o => o.GetName().Name!).Append("bourse").ToArray();
            var refs = p.GetReferencedAssemblies().Select(r => r.Name).ToHashSet();
            var bad = others.Where(refs.Contains).ToList();
            Assert.True(bad.Count == 0, $"{p.GetName().Name} references {string.Join(", ", bad)}");
        }
    }

    [Fact]
    public void TheDependencyScannerSeesRealDependencies()
    {
        // Guards the rules above against passing vacuously: the scanner must see Storage's use of Core.
        Assert.NotEmpty(Types.InAssembly(Storage).That().HaveDependencyOn("Bourse.Core").GetTypes());
        Assert.False(Types.InAssembly(Storage).ShouldNot().HaveDependencyOn("Bourse.Core").GetResult().IsSuccessful);
    }

    [Fact]
    public void TheServerComposesEveryLayer()
    {
        var refs = Server.GetReferencedAssemblies().Select(r => r.Name).ToHashSet();
        Assert.Contains("Bourse.Storage", refs);
        Assert.Contains("Bourse.Directory", refs);
        Assert.Contains("Bourse.Mailbox", refs);
    }

    private static IEnumerable<Assembly> BourseAssemblies()
    {
        var dir = Path.GetDirectoryName(typeof(LayeringTests).Assembly.Location)!;
        foreach (var file in System.IO.Directory.GetFiles(dir, "Bourse.*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith(".Tests", StringComparison.Ordinal))
                continue;
            yield return Assembly.Load(name);
        }
    }
}

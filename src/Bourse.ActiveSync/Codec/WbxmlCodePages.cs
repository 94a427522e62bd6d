namespace Bourse.ActiveSync.Codec;

/// Lookup over the ActiveSync code pages (see WbxmlCodePages.Generated.cs for the tables).
internal static partial class WbxmlCodePages
{
    private static readonly WbxmlCodePage[] Pages = Build();

    private static readonly Dictionary<string, WbxmlCodePage> ByNamespace =
        Pages.ToDictionary(p => p.Namespace, StringComparer.Ordinal);

    internal static IReadOnlyList<WbxmlCodePage> All => Pages;

    internal static WbxmlCodePage? Get(byte number) => number < Pages.Length ? Pages[number] : null;

    internal static WbxmlCodePage? Get(string @namespace) => ByNamespace.GetValueOrDefault(@namespace);
}

using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Tests.Mapping;

/// Builds inputs for the mapping tests and checks every rendered tree against the code pages.
internal static class MappingTestKit
{
    public static readonly ItemId ItemId = new(42);
    public static readonly FolderId FolderId = new(7);

    /// An element tree: <c>E("Email:Read", "1")</c>; strings become text, byte arrays OPAQUE, elements children.
    public static WbxmlElement E(string qualifiedName, params object?[] content) => Infrastructure.Wb.E(qualifiedName, content);

    public static WbxmlElement App(params object?[] content) => E("AirSync:ApplicationData", content);

    public static byte[] Crlf(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    /// The item the store would return for a NewItem (attachment numbers from 0, as SqliteMailStore assigns them).
    public static Item ToItem(NewItem item, long changeNumber = 1)
    {
        var attachments = new List<Attachment>();
        for (var i = 0; i < item.Attachments.Count; i++)
        {
            var a = item.Attachments[i];
            var props = a.Properties.Clone().Set(PropTags.AttachNumber, i).Set(PropTags.AttachSize, a.Content.Length);
            attachments.Add(new Attachment(i, a.Content.Length, props));
        }

        return new Item(ItemId, FolderId, changeNumber, item.Properties.Clone(), [.. item.Recipients], attachments,
            !item.Mime.IsEmpty, item.Mime.Length);
    }

    public static ItemRenderOptions Options(EasProtocolVersion version, params BodyPreference[] preferences) =>
        new(version) { BodyPreferences = preferences };

    /// Renders and proves the tree encodes against the code pages and decodes back to the same tree.
    public static async Task<WbxmlElement> RenderAsync(Item item, EasClass cls, ItemRenderOptions options, byte[]? mime = null,
        Action? onOpenMime = null)
    {
        var app = await ItemRenderer.RenderAsync(item, cls, options, _ =>
        {
            onOpenMime?.Invoke();
            return ValueTask.FromResult<Stream?>(mime is null ? null : new MemoryStream(mime, writable: false));
        }, CancellationToken.None);
        AssertEncodes(app);
        return app;
    }

    public static void AssertEncodes(WbxmlElement element)
    {
        var bytes = WbxmlEncoder.Encode(element);
        var decoded = WbxmlDecoder.Decode(bytes);
        Assert.True(decoded.Success, decoded.Error.ToString());
        Assert.True(element.StructurallyEquals(decoded.Root!), element.ToString());
    }

    /// The direct child with this qualified name, or null.
    public static WbxmlElement? Child(WbxmlElement parent, string qualifiedName)
    {
        var colon = qualifiedName.IndexOf(':', StringComparison.Ordinal);
        return parent.Element(qualifiedName[..colon], qualifiedName[(colon + 1)..]);
    }

    public static string? Text(WbxmlElement parent, string qualifiedName) => Child(parent, qualifiedName)?.Text;

    public static IEnumerable<WbxmlElement> Children(WbxmlElement parent, string qualifiedName) =>
        parent.Children.Where(c => c.Namespace + ":" + c.Name == qualifiedName);

    public static NewItem ParseAddOk(WbxmlElement app, EasClass cls, EasProtocolVersion version)
    {
        var result = ItemParser.ParseAdd(app, cls, version);
        Assert.True(result.IsSuccess, $"{result.Error} at {result.Element}");
        return result.Value!;
    }

    public static EasItemChange ParseChangeOk(WbxmlElement app, EasClass cls, EasProtocolVersion version, SupportedElements? supported = null)
    {
        var result = ItemParser.ParseChange(app, cls, version, supported);
        Assert.True(result.IsSuccess, $"{result.Error} at {result.Element}");
        return result.Value!;
    }

    /// Applies a Change to an item as the store and the Sync handler together would.
    public static Item Apply(Item item, EasItemChange change)
    {
        var bag = item.Properties.Clone();
        bag.Apply(change.ToPropertyChanges(item.Properties));
        var recipients = item.Recipients.ToList();
        if (change.Recipients is { } replacement)
        {
            recipients.RemoveAll(r => change.ReplacedRecipientTypes.Contains(r.Type));
            recipients.AddRange(replacement);
        }

        return new Item(item.Id, item.FolderId, item.ChangeNumber + 1, bag, recipients, item.Attachments, item.HasMime, item.Size);
    }

    /// Every element the device sent comes back the same, at any depth, in whatever order the renderer uses among
    /// different names (same-named siblings in order); a body is compared by its Data.
    public static void AssertRoundTrip(WbxmlElement sent, WbxmlElement rendered, params string[] except)
    {
        foreach (var group in sent.Children.GroupBy(c => c.Namespace + ":" + c.Name))
        {
            if (except.Contains(group.Key))
            {
                continue;
            }

            var back = Children(rendered, group.Key).ToList();
            var expected = group.ToList();
            Assert.True(back.Count == expected.Count, $"{group.Key}: sent {expected.Count}, rendered {back.Count} in {rendered}");
            for (var i = 0; i < expected.Count; i++)
            {
                if (group.Key == "AirSyncBase:Body")
                {
                    Assert.Equal(Text(expected[i], "AirSyncBase:Data"), Text(back[i], "AirSyncBase:Data"));
                }
                else if (expected[i].Children.Count > 0)
                {
                    AssertRoundTrip(expected[i], back[i]);
                }
                else
                {
                    Assert.True(expected[i].StructurallyEquals(back[i]), $"{group.Key}: sent {expected[i]}, rendered {back[i]}");
                }
            }
        }
    }

    public static readonly EasProtocolVersion[] AllVersions =
        [EasProtocolVersion.V12_1, EasProtocolVersion.V14_0, EasProtocolVersion.V14_1, EasProtocolVersion.V16_0, EasProtocolVersion.V16_1];
}

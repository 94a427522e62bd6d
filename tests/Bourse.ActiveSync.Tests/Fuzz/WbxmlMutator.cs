using System.Text;
using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of a valid ActiveSync request (the same <see cref="Random"/> seed gives the same bytes): on the
/// encoded bytes (bit flips, inserted and deleted bytes, cuts, SWITCH_PAGE to other and unknown pages, oversized
/// mb_u_int32 lengths, deep nesting, tokens EAS does not use) and on the decoded tree (dropped, duplicated, moved and
/// renamed elements, text replaced with huge, empty, non-numeric, negative and unusual Unicode values, and ids that
/// belong to another device or another user).
/// </summary>
internal static class WbxmlMutator
{
    /// The strategies a mutation picks from; tree strategies need a decodable seed.
    internal static readonly string[] ByteStrategies =
        ["bitflip", "insert", "delete", "cut", "switch-page", "huge-int", "deep-nest", "unknown-token", "splice", "garbage"];

    internal static readonly string[] TreeStrategies =
        ["drop", "duplicate", "text", "text", "foreign-id", "foreign-id", "move", "retag", "stray-element", "opaque", "empty-root"];

    /// Elements whose text names something in a mailbox or in protocol state.
    private static readonly HashSet<string> IdNames = new(StringComparer.Ordinal)
    {
        "SyncKey", "ServerId", "CollectionId", "FolderId", "ItemId", "LongId", "FileReference", "SrcMsgId", "SrcFldId", "DstFldId",
        "ParentId", "Id", "RequestId", "PolicyKey", "ClientId", "InstanceId", "SearchId", "DstMsgId", "CalendarId",
    };

    private static readonly string[] Texts =
    [
        "", " ", "0", "1", "2", "-1", "-2147483649", "2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "340282366920938463463374607431768211456", "1e9", "0x1F", "1.5", " 1 ", "+1",
        "\u0663", "\uFF11", "abc", "null", "true", "\u202Eevil\u202C", "\u00FC\u20AC\U0001D11E", "\uFFFD", "\uD800", "a\u0001b", "a\0b",
        "\t\r\n", "%00", "../../../etc/passwd", "<x>&amp;</x>", "'; DROP TABLE items;--", "*", "%", "\"",
        "2030-13-45T25:61:61.000Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "20301301T000000Z",
        "0:0", ":", "1:", ":1", "1:2:3", "-1:-1", "9223372036854775807:9223372036854775807", "1:-1", "00000000001:1",
        "Email", "Calendar", "Contacts", "Tasks", "Notes", "SMS", "Mailbox", "GAL", "DocumentLibrary", "MS-EAS-Provisioning-WBXML",
        "Text", "HTML", "MIME", "0-0", "0-2147483647", "5-1", "-", "0-", "4294967295-4294967296",
    ];

    private static readonly byte[] OddTokens =
    [
        WbxmlToken.Entity, WbxmlToken.Literal, WbxmlToken.ExtI0, WbxmlToken.ExtI1, WbxmlToken.ExtI2, WbxmlToken.Pi, WbxmlToken.LiteralC,
        WbxmlToken.ExtT0, WbxmlToken.ExtT1, WbxmlToken.ExtT2, WbxmlToken.StrT, WbxmlToken.LiteralA, WbxmlToken.Ext0, WbxmlToken.Ext1,
        WbxmlToken.Ext2, WbxmlToken.LiteralAc, 0x7F, 0x3F, 0x45 | 0x80, 0xC5, 0x04 | 0x40,
    ];

    /// Every tag of every code page, for renames and stray elements.
    private static readonly (string Namespace, string Name)[] AllTags = BuildTags();

    /// A mutated body and what was done to it.
    internal readonly record struct Mutation(byte[] Body, string Strategy);

    internal static Mutation Mutate(Random rng, byte[] seed, WbxmlElement? tree, IReadOnlyList<string> foreignIds)
    {
        var useTree = tree is not null && rng.Next(2) == 0;
        if (useTree)
        {
            var strategy = TreeStrategies[rng.Next(TreeStrategies.Length)];
            return new Mutation(MutateTree(rng, tree!, strategy, foreignIds), strategy);
        }

        var byteStrategy = ByteStrategies[rng.Next(ByteStrategies.Length)];
        return new Mutation(MutateBytes(rng, seed, byteStrategy), byteStrategy);
    }

    internal static byte[] MutateBytes(Random rng, byte[] seed, string strategy)
    {
        var bytes = new List<byte>(seed);
        // Mutations of the header are few on purpose: the body is where handlers look.
        int Pos(int from = 4) => bytes.Count <= from ? bytes.Count : rng.Next(from, bytes.Count + 1);
        switch (strategy)
        {
            case "bitflip":
                for (var n = rng.Next(1, 5); n > 0 && bytes.Count > 0; n--)
                {
                    var i = rng.Next(bytes.Count);
                    bytes[i] ^= (byte)(1 << rng.Next(8));
                }

                break;
            case "insert":
                bytes.InsertRange(Pos(0), Enumerable.Range(0, rng.Next(1, 4)).Select(_ => rng.Next(3) == 0 ? OddTokens[rng.Next(OddTokens.Length)] : (byte)rng.Next(256)));
                break;
            case "delete":
                if (bytes.Count > 0)
                {
                    var at = rng.Next(bytes.Count);
                    bytes.RemoveRange(at, Math.Min(rng.Next(1, 9), bytes.Count - at));
                }

                break;
            case "cut":
                if (bytes.Count > 0)
                {
                    var keep = rng.Next(bytes.Count);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                }

                break;
            case "switch-page":
            {
                // MS-ASWBXML 2.1.2.1: pages 0–25 exist; 26 and beyond do not.
                byte[] pages = [(byte)rng.Next(26), (byte)rng.Next(26), 26, 31, 0x7F, 0xFF];
                bytes.InsertRange(Pos(), [WbxmlToken.SwitchPage, pages[rng.Next(pages.Length)]]);
                break;
            }

            case "huge-int":
            {
                byte[][] variants =
                [
                    [WbxmlToken.Opaque, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F], // 2^32 - 1
                    [WbxmlToken.Opaque, 0x87, 0xFF, 0xFF, 0xFF, 0x7F], // 2^31 - 1
                    [WbxmlToken.Opaque, 0x88, 0x80, 0x80, 0x80, 0x00], // 2^31
                    [WbxmlToken.Opaque, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00], // six bytes: overflow
                    [WbxmlToken.Opaque, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
                    [WbxmlToken.Opaque, 0x80, 0x80, 0x80, 0x80, 0x00], // zero, padded
                ];
                if (rng.Next(4) == 0 && bytes.Count >= 4)
                {
                    // The header's public id or charset as an over-long integer.
                    bytes.RemoveAt(1 + rng.Next(2));
                    bytes.InsertRange(1, [0x81, 0x80, 0x80, 0x80, 0x80, 0x01]);
                }
                else
                {
                    bytes.InsertRange(Pos(), variants[rng.Next(variants.Length)]);
                }

                break;
            }

            case "deep-nest":
            {
                int[] depths = [63, 64, 65, 200, 5000];
                var depth = depths[rng.Next(depths.Length)];
                var token = (byte)(rng.Next(0x05, 0x16) | WbxmlToken.ContentBit);
                var at = Pos();
                var nest = Enumerable.Repeat(token, depth);
                bytes.InsertRange(at, rng.Next(2) == 0 ? nest.Concat(Enumerable.Repeat(WbxmlToken.End, depth)) : nest);
                break;
            }

            case "unknown-token":
                bytes.Insert(Pos(), OddTokens[rng.Next(OddTokens.Length)]);
                break;
            case "splice":
                if (bytes.Count > 5)
                {
                    var from = rng.Next(4, bytes.Count);
                    var chunk = bytes.GetRange(from, rng.Next(1, Math.Min(64, bytes.Count - from) + 1));
                    bytes.InsertRange(Pos(), chunk);
                }

                break;
            case "garbage":
            {
                var n = rng.Next(0, 96);
                var junk = new byte[n];
                rng.NextBytes(junk);
                bytes.Clear();
                if (rng.Next(2) == 0)
                    bytes.AddRange([0x03, 0x01, 0x6A, 0x00]);
                bytes.AddRange(junk);
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null);
        }

        return [.. bytes];
    }

    internal static byte[] MutateTree(Random rng, WbxmlElement seed, string strategy, IReadOnlyList<string> foreignIds)
    {
        var root = FuzzNode.From(seed);
        var nodes = root.DescendantsAndSelf().ToList();
        var inner = nodes.Skip(1).ToList();
        FuzzNode Any(IReadOnlyList<FuzzNode> from) => from[rng.Next(from.Count)];
        switch (strategy)
        {
            case "drop":
                if (inner.Count > 0)
                {
                    for (var n = rng.Next(1, 3); n > 0 && inner.Count > 0; n--)
                    {
                        var victim = Any(inner);
                        victim.Detach();
                        inner.RemoveAll(x => ReferenceEquals(x, victim) || victim.IsAncestorOf(x));
                    }
                }

                break;
            case "duplicate":
                if (inner.Count > 0)
                {
                    var original = Any(inner);
                    int[] counts = [1, 1, 2, 10, 300];
                    var parent = original.Parent!;
                    var at = parent.Children.IndexOf(original);
                    for (var n = counts[rng.Next(counts.Length)]; n > 0; n--)
                        parent.Insert(at + 1, original.Clone());
                }

                break;
            case "text":
            {
                var leaves = nodes.Where(x => x.Children.Count == 0).ToList();
                var target = Any(leaves.Count > 0 ? leaves : nodes);
                target.Children.Clear();
                target.Opaque = null;
                target.Text = Value(rng);
                break;
            }

            case "foreign-id":
            {
                var ids = nodes.Where(x => IdNames.Contains(x.Name) && x.Children.Count == 0).ToList();
                var target = Any(ids.Count > 0 ? ids : nodes.Where(x => x.Children.Count == 0).DefaultIfEmpty(root).ToList());
                target.Children.Clear();
                target.Opaque = null;
                target.Text = foreignIds.Count > 0 && rng.Next(4) != 0 ? foreignIds[rng.Next(foreignIds.Count)] : Value(rng);
                break;
            }

            case "move":
                if (inner.Count > 0)
                {
                    var moving = Any(inner);
                    var targets = nodes.Where(x => !ReferenceEquals(x, moving) && !moving.IsAncestorOf(x)).ToList();
                    var target = Any(targets);
                    target.Text = null;
                    target.Opaque = null;
                    target.Insert(rng.Next(target.Children.Count + 1), moving);
                }

                break;
            case "retag":
            {
                var target = Any(nodes);
                if (rng.Next(2) == 0)
                {
                    // Another tag of the same page (a sibling name in the wrong place).
                    var same = AllTags.Where(t => t.Namespace == target.Namespace).ToList();
                    target.Name = same[rng.Next(same.Count)].Name;
                }
                else
                {
                    (target.Namespace, target.Name) = AllTags[rng.Next(AllTags.Length)];
                }

                break;
            }

            case "stray-element":
            {
                var (ns, name) = AllTags[rng.Next(AllTags.Length)];
                var stray = new FuzzNode(ns, name);
                if (rng.Next(2) == 0)
                    stray.Text = Value(rng);
                var parent = Any(nodes);
                parent.Text = null;
                parent.Opaque = null;
                parent.Insert(rng.Next(parent.Children.Count + 1), stray);
                break;
            }

            case "opaque":
            {
                var target = Any(nodes.Where(x => x.Children.Count == 0).DefaultIfEmpty(root).ToList());
                if (target.Opaque is { } opaque)
                {
                    target.Opaque = null;
                    target.Text = Encoding.Latin1.GetString(opaque);
                }
                else
                {
                    var bytes = new byte[rng.Next(0, 40)];
                    rng.NextBytes(bytes);
                    target.Opaque = target.Text is { } text && rng.Next(2) == 0 ? Encoding.UTF8.GetBytes(text) : bytes;
                    target.Text = null;
                }

                break;
            }

            case "empty-root":
                foreach (var child in root.Children.ToList())
                    child.Detach();
                root.Text = rng.Next(2) == 0 ? null : Value(rng);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null);
        }

        return WbxmlEncoder.Encode(root.ToElement());
    }

    /// A replacement text: mostly from the table of troublesome values, sometimes huge.
    internal static string Value(Random rng) => rng.Next(12) switch
    {
        0 => new string('9', rng.Next(2) == 0 ? 400 : 10_000),
        1 => new string('x', rng.Next(2) == 0 ? 4_096 : 70_000),
        2 => string.Concat(Enumerable.Repeat("\U0001F4A9", 2_000)),
        3 => "1:" + new string('9', 300),
        _ => Texts[rng.Next(Texts.Length)],
    };

    private static (string, string)[] BuildTags()
    {
        var tags = new List<(string, string)>();
        for (var page = 0; page < 64; page++)
        {
            if (WbxmlCodePages.Get((byte)page) is not { } p)
                continue;
            for (var token = 0x05; token <= 0x3F; token++)
            {
                if (p.GetName((byte)token) is { } name)
                    tags.Add((p.Namespace, name));
            }
        }

        return [.. tags];
    }
}

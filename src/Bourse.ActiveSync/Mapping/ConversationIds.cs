using System.Security.Cryptography;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// PidTagConversationId as MS-OXOMSG 2.2.1.2 computes it when the item does not carry one.
internal static class ConversationIds
{
    private const int MaxTopicChars = 255;

    internal static byte[]? ConversationId(PropertyBag bag)
    {
        if (bag.GetBinary(PropTags.ConversationId) is { Length: 16 } stored)
        {
            return stored;
        }

        // MS-OXOMSG 2.2.1.2: with index tracking, the GUID portion (bytes 6–21) of a ConversationIndex header block.
        if (bag.GetBoolean(PropTags.ConversationIndexTracking) == true
            && bag.GetBinary(PropTags.ConversationIndex) is { Length: >= 22 } index && index[0] == 0x01)
        {
            return index.AsSpan(6, 16).ToArray();
        }

        var topic = bag.GetString(PropTags.ConversationTopic) ?? bag.GetString(PropTags.NormalizedSubject);
        return topic is null ? null : FromTopic(topic);
    }

    /// MS-OXOMSG 2.2.1.2: MD5 of up to 255 leading non-NUL UTF-16LE characters of the topic, upper-cased invariantly.
    internal static byte[] FromTopic(string topic)
    {
        Span<char> chars = stackalloc char[MaxTopicChars];
        var n = 0;
        foreach (var c in topic)
        {
            if (c == '\0')
            {
                continue;
            }

            if (n == MaxTopicChars)
            {
                break;
            }

            chars[n++] = char.ToUpperInvariant(c);
        }

        Span<byte> bytes = stackalloc byte[MaxTopicChars * 2];
        for (var i = 0; i < n; i++)
        {
            bytes[2 * i] = (byte)chars[i];
            bytes[(2 * i) + 1] = (byte)(chars[i] >> 8);
        }

#pragma warning disable CA5351 // MS-OXOMSG 2.2.1.2 defines the id as an MD5 hash; it is an identifier, not a security measure.
        return MD5.HashData(bytes[..(2 * n)]);
#pragma warning restore CA5351
    }
}

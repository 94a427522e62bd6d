using System.Collections.Frozen;

namespace Bourse.ActiveSync.Codec;

/// One MS-ASWBXML code page: its number, namespace name and tag tokens (0x05–0x3F).
internal sealed class WbxmlCodePage
{
    // MS-ASWBXML 2.1.2.1: tag tokens occupy the low six bits; 0x00–0x04 are WBXML global tokens.
    internal const byte FirstTagToken = 0x05;
    internal const byte LastTagToken = 0x3F;

    private readonly string?[] _names = new string?[LastTagToken + 1];
    private readonly FrozenDictionary<string, byte> _tokens;

    internal WbxmlCodePage(byte number, string @namespace, params (byte Token, string Name)[] tags)
    {
        Number = number;
        Namespace = @namespace;
        var map = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var (token, name) in tags)
        {
            if (token < FirstTagToken || token > LastTagToken || _names[token] is not null || !map.TryAdd(name, token))
            {
                throw new ArgumentException($"Bad code page table entry {number}/0x{token:X2} {name}.", nameof(tags));
            }

            _names[token] = name;
        }

        _tokens = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    internal byte Number { get; }

    internal string Namespace { get; }

    internal int Count => _tokens.Count;

    internal IEnumerable<KeyValuePair<string, byte>> Tags => _tokens;

    internal string? GetName(byte token) => token <= LastTagToken ? _names[token] : null;

    internal bool TryGetToken(string name, out byte token) => _tokens.TryGetValue(name, out token);
}

using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Bourse.Core.Ids;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Auth;

/// <summary>
/// Remembers, for a short time, that a Basic login and password were verified, so a client that sends Basic on every
/// request (EAS phones, scripts, Autodiscover) costs one slow password hash per cache period instead of one per request
/// — what IIS's Basic token cache (UserTokenTTL, 15 minutes by default) does for Exchange. Entries are keyed by an
/// HMAC of login and password under a random per-process key (no password is kept), bounded in number, and only ever
/// confirm the mailbox the directory resolves for the login now; the user must still be enabled. A password changed
/// elsewhere keeps working here until the entry expires (<see cref="BasicAuthenticationOptions.CredentialCacheDuration"/>;
/// zero turns the cache off).
/// </summary>
internal sealed class BasicCredentialCache
{
    private const int MaxEntries = 10_000;
    private const int StackMaterialBytes = 512;
    private readonly IOptionsMonitor<BourseAuthenticationOptions> _options;
    private readonly TimeProvider _time;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    // One keyed HMAC per thread: a one-shot HMAC sets the key up again on every call, which costs more than the hash.
    private readonly ThreadLocal<HMACSHA256> _hmac;
    private readonly ConcurrentDictionary<CredentialKey, (MailboxId Mailbox, DateTimeOffset Expires)> _entries = new();

    public BasicCredentialCache(IOptionsMonitor<BourseAuthenticationOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _hmac = new ThreadLocal<HMACSHA256>(() => new HMACSHA256(_key));
    }

    private TimeSpan Duration => _options.Get(BourseAuthenticationDefaults.Scheme).Basic.CredentialCacheDuration;

    /// <summary>True when this login and password were verified for <paramref name="mailbox"/> within the cache period.</summary>
    public bool Confirms(string login, string password, MailboxId mailbox)
    {
        if (Duration <= TimeSpan.Zero)
        {
            return false;
        }
        var key = Key(login, password);
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }
        if (entry.Expires <= _time.GetUtcNow() || entry.Mailbox != mailbox)
        {
            _entries.TryRemove(key, out _);
            return false;
        }
        return true;
    }

    public void Remember(string login, string password, MailboxId mailbox)
    {
        var duration = Duration;
        if (duration <= TimeSpan.Zero)
        {
            return;
        }
        var now = _time.GetUtcNow();
        if (_entries.Count >= MaxEntries)
        {
            foreach (var (k, v) in _entries)
            {
                if (v.Expires <= now)
                {
                    _entries.TryRemove(k, out _);
                }
            }
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }
        _entries[Key(login, password)] = (mailbox, now + duration);
    }

    // HMAC-SHA256 under the process key of UTF-8(lower-case login) 0x00 UTF-8(password); the material never leaves a
    // buffer that is zeroed before it is released.
    private CredentialKey Key(string login, string password)
    {
        var lower = login.ToLowerInvariant();
        var length = Encoding.UTF8.GetByteCount(lower) + 1 + Encoding.UTF8.GetByteCount(password);
        byte[]? rented = null;
        var material = length <= StackMaterialBytes ? stackalloc byte[StackMaterialBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        material = material[..length];
        try
        {
            var written = Encoding.UTF8.GetBytes(lower, material);
            material[written] = 0;
            Encoding.UTF8.GetBytes(password, material[(written + 1)..]);
            Span<byte> mac = stackalloc byte[32];
            _hmac.Value!.TryComputeHash(material, mac, out _);
            return new CredentialKey(
                BinaryPrimitives.ReadUInt64LittleEndian(mac),
                BinaryPrimitives.ReadUInt64LittleEndian(mac[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(mac[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(mac[24..]));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The 256-bit HMAC of a credential: the dictionary key, with no string to allocate.</summary>
    private readonly record struct CredentialKey(ulong A, ulong B, ulong C, ulong D)
    {
        // The HMAC output is uniformly distributed: its first word is a good hash.
        public override int GetHashCode() => (int)A;
    }
}

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
internal sealed class BasicCredentialCache(IOptionsMonitor<BourseAuthenticationOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (MailboxId Mailbox, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    private TimeSpan Duration => options.Get(BourseAuthenticationDefaults.Scheme).Basic.CredentialCacheDuration;

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
        if (entry.Expires <= time.GetUtcNow() || entry.Mailbox != mailbox)
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
        var now = time.GetUtcNow();
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

    private string Key(string login, string password)
    {
        var material = Encoding.UTF8.GetBytes(login.ToLowerInvariant() + "\0" + password);
        try
        {
            return Convert.ToBase64String(HMACSHA256.HashData(_key, material));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }
}

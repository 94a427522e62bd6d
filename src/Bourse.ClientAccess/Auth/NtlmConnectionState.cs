using System.Security.Claims;
using Bourse.ClientAccess.Auth.Ntlm;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Auth;

/// <summary>
/// NTLM state bound to one TCP connection (MS-NLMP 3.2.5: a connection-oriented handshake), kept in the connection's
/// items so it dies with the connection and can never be answered from another one.
/// </summary>
internal sealed class NtlmConnectionState
{
    private static readonly object Key = typeof(NtlmConnectionState);

    public NtlmHandshake? Handshake { get; set; }

    public NtlmWrapping Wrapping { get; set; }

    /// <summary>The identity established on this connection (when persistence is on).</summary>
    public ClaimsPrincipal? Principal { get; set; }

    /// <summary>The DER MechTypeList of the client's NegTokenInit, which SPNEGO's mechListMIC covers.</summary>
    public byte[]? MechTypesDer { get; set; }

    public byte[]? ChannelBinding { get; set; }

    public bool ChannelBindingComputed { get; set; }

    /// <summary>The state for the request's connection; null when the server exposes no per-connection items.</summary>
    public static NtlmConnectionState? For(HttpContext context, bool create)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null)
        {
            return null;
        }
        if (items.TryGetValue(Key, out var existing) && existing is NtlmConnectionState state)
        {
            return state;
        }
        if (!create)
        {
            return null;
        }
        state = new NtlmConnectionState();
        items[Key] = state;
        return state;
    }
}

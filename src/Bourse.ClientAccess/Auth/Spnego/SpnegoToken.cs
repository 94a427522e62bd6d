namespace Bourse.ClientAccess.Auth.Spnego;

/// <summary>
/// A client SPNEGO token: the initial NegTokenInit (RFC 4178 4.2.1, inside the GSS-API InitialContextToken framing of
/// RFC 2743 3.1) or a later NegTokenResp (4.2.2). Only the fields an NTLM-only acceptor needs are kept.
/// </summary>
internal sealed record SpnegoToken(
    bool IsInit,
    IReadOnlyList<byte[]> MechTypes,
    byte[]? MechTypesDer,
    SpnegoNegState? NegState,
    byte[]? SupportedMech,
    byte[]? MechToken,
    byte[]? MechListMic)
{
    public bool OffersNtlm => MechTypes.Any(m => m.AsSpan().SequenceEqual(SpnegoOids.Ntlm));

    /// <summary>RFC 4178 4.2.1: the optimistic mechToken belongs to the first (preferred) mechanism.</summary>
    public bool NtlmIsPreferred => MechTypes.Count > 0 && MechTypes[0].AsSpan().SequenceEqual(SpnegoOids.Ntlm);

    public static SpnegoParseError TryParse(ReadOnlySpan<byte> token, out SpnegoToken? result)
    {
        result = null;
        var outer = new DerReader(token);
        if (!outer.TryRead(out var tag, out var body))
        {
            return SpnegoParseError.Malformed;
        }
        if (outer.HasMore)
        {
            return SpnegoParseError.TrailingData;
        }
        return tag switch
        {
            // RFC 2743 3.1: [APPLICATION 0] { thisMech OID, innerContextToken } for the first token.
            0x60 => ParseInitialContextToken(body, out result),
            // RFC 4178 4.2: NegotiationToken CHOICE negTokenResp [1].
            0xA1 => ParseNegTokenResp(body, out result),
            _ => SpnegoParseError.NotSpnego,
        };
    }

    private static SpnegoParseError ParseInitialContextToken(ReadOnlySpan<byte> body, out SpnegoToken? result)
    {
        result = null;
        var reader = new DerReader(body);
        if (!reader.TryRead(out var oidTag, out var oid) || oidTag != 0x06)
        {
            return SpnegoParseError.Malformed;
        }
        if (!SpnegoOids.Spnego[2..].SequenceEqual(oid))
        {
            return SpnegoParseError.NotSpnego;
        }
        // RFC 4178 4.2: negTokenInit [0] NegTokenInit.
        if (!reader.TryRead(0xA0, out var choice) || reader.HasMore)
        {
            return SpnegoParseError.Malformed;
        }
        var choiceReader = new DerReader(choice);
        if (!choiceReader.TryRead(0x30, out var sequence) || choiceReader.HasMore)
        {
            return SpnegoParseError.Malformed;
        }
        var fields = new DerReader(sequence);
        var mechTypes = new List<byte[]>();
        byte[]? mechTypesDer = null, mechToken = null, mic = null;
        // RFC 4178 4.2.1: mechTypes [0] MechTypeList (required), reqFlags [1], mechToken [2], mechListMIC [3].
        if (!fields.TryRead(0xA0, out var mechTypesField))
        {
            return SpnegoParseError.Malformed;
        }
        var mechTypesReader = new DerReader(mechTypesField);
        var start = mechTypesReader.Position;
        if (!mechTypesReader.TryRead(0x30, out var mechList) || mechTypesReader.HasMore)
        {
            return SpnegoParseError.Malformed;
        }
        mechTypesDer = mechTypesField[start..].ToArray();
        var mechReader = new DerReader(mechList);
        while (mechReader.HasMore)
        {
            var at = mechReader.Position;
            if (!mechReader.TryRead(0x06, out _))
            {
                return SpnegoParseError.Malformed;
            }
            mechTypes.Add(mechList[at..mechReader.Position].ToArray());
        }
        if (fields.TryPeekTag(out var next) && next == 0xA1)
        {
            fields.TryRead(0xA1, out _);
        }
        if (fields.TryPeekTag(out next) && next == 0xA2)
        {
            if (!fields.TryRead(0xA2, out var wrapped) || !TryReadOctetString(wrapped, out mechToken))
            {
                return SpnegoParseError.Malformed;
            }
        }
        if (fields.TryPeekTag(out next) && next == 0xA3)
        {
            if (!fields.TryRead(0xA3, out var wrapped) || !TryReadOctetString(wrapped, out mic))
            {
                return SpnegoParseError.Malformed;
            }
        }
        if (fields.HasMore)
        {
            return SpnegoParseError.UnexpectedTag;
        }
        result = new SpnegoToken(true, mechTypes, mechTypesDer, null, null, mechToken, mic);
        return SpnegoParseError.None;
    }

    private static SpnegoParseError ParseNegTokenResp(ReadOnlySpan<byte> body, out SpnegoToken? result)
    {
        result = null;
        var outer = new DerReader(body);
        if (!outer.TryRead(0x30, out var sequence) || outer.HasMore)
        {
            return SpnegoParseError.Malformed;
        }
        var fields = new DerReader(sequence);
        SpnegoNegState? state = null;
        byte[]? mech = null, token = null, mic = null;
        // RFC 4178 4.2.2: negState [0] ENUMERATED, supportedMech [1] OID, responseToken [2], mechListMIC [3], all optional.
        if (fields.TryPeekTag(out var next) && next == 0xA0)
        {
            if (!fields.TryRead(0xA0, out var wrapped))
            {
                return SpnegoParseError.Malformed;
            }
            var r = new DerReader(wrapped);
            if (!r.TryRead(0x0A, out var value) || r.HasMore || value.Length != 1 || value[0] > 3)
            {
                return SpnegoParseError.Malformed;
            }
            state = (SpnegoNegState)value[0];
        }
        if (fields.TryPeekTag(out next) && next == 0xA1)
        {
            if (!fields.TryRead(0xA1, out var wrapped))
            {
                return SpnegoParseError.Malformed;
            }
            var r = new DerReader(wrapped);
            if (!r.TryRead(0x06, out _) || r.HasMore)
            {
                return SpnegoParseError.Malformed;
            }
            mech = wrapped.ToArray();
        }
        if (fields.TryPeekTag(out next) && next == 0xA2)
        {
            if (!fields.TryRead(0xA2, out var wrapped) || !TryReadOctetString(wrapped, out token))
            {
                return SpnegoParseError.Malformed;
            }
        }
        if (fields.TryPeekTag(out next) && next == 0xA3)
        {
            if (!fields.TryRead(0xA3, out var wrapped) || !TryReadOctetString(wrapped, out mic))
            {
                return SpnegoParseError.Malformed;
            }
        }
        if (fields.HasMore)
        {
            return SpnegoParseError.UnexpectedTag;
        }
        result = new SpnegoToken(false, [], null, state, mech, token, mic);
        return SpnegoParseError.None;
    }

    private static bool TryReadOctetString(ReadOnlySpan<byte> wrapped, out byte[]? value)
    {
        value = null;
        var r = new DerReader(wrapped);
        if (!r.TryRead(0x04, out var content) || r.HasMore)
        {
            return false;
        }
        value = content.ToArray();
        return true;
    }

    /// <summary>RFC 4178 4.2.2: the acceptor's NegTokenResp ([1] SEQUENCE { negState, supportedMech, responseToken, mechListMIC }).</summary>
    public static byte[] WriteNegTokenResp(SpnegoNegState state, bool includeNtlmMech, ReadOnlySpan<byte> responseToken, ReadOnlySpan<byte> mechListMic)
    {
        var parts = new List<byte[]> { DerWriter.Tlv(0xA0, DerWriter.Tlv(0x0A, [(byte)state])) };
        if (includeNtlmMech)
        {
            parts.Add(DerWriter.Tlv(0xA1, SpnegoOids.Ntlm));
        }
        if (!responseToken.IsEmpty)
        {
            parts.Add(DerWriter.Tlv(0xA2, DerWriter.Tlv(0x04, responseToken)));
        }
        if (!mechListMic.IsEmpty)
        {
            parts.Add(DerWriter.Tlv(0xA3, DerWriter.Tlv(0x04, mechListMic)));
        }
        return DerWriter.Tlv(0xA1, DerWriter.Tlv(0x30, DerWriter.Concat([.. parts])));
    }

    /// <summary>RFC 4178 4.2.1 / RFC 2743 3.1: an initiator's first token (used by test clients).</summary>
    public static byte[] WriteNegTokenInit(IReadOnlyList<byte[]> mechTypes, ReadOnlySpan<byte> mechToken)
    {
        var list = DerWriter.Tlv(0x30, DerWriter.Concat([.. mechTypes]));
        var parts = new List<byte[]> { DerWriter.Tlv(0xA0, list) };
        if (!mechToken.IsEmpty)
        {
            parts.Add(DerWriter.Tlv(0xA2, DerWriter.Tlv(0x04, mechToken)));
        }
        var init = DerWriter.Tlv(0xA0, DerWriter.Tlv(0x30, DerWriter.Concat([.. parts])));
        return DerWriter.Tlv(0x60, DerWriter.Concat(SpnegoOids.Spnego.ToArray(), init));
    }
}

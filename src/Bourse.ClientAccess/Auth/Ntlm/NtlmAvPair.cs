namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>One MS-NLMP 2.2.2.1 AV_PAIR: an id and its raw value.</summary>
internal readonly record struct NtlmAvPair(NtlmAvId Id, ReadOnlyMemory<byte> Value);

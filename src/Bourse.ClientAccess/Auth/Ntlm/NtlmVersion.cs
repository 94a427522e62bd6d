using System.Buffers.Binary;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>MS-NLMP 2.2.2.10 VERSION: the OS version advertised in NTLM messages (debugging only).</summary>
internal readonly record struct NtlmVersion(byte Major, byte Minor, ushort Build, byte Revision)
{
    public const int Size = 8;

    // MS-NLMP 2.2.2.10: NTLMSSP_REVISION_W2K3 = 0x0F is the current revision.
    public static NtlmVersion Server2022 { get; } = new(10, 0, 20348, 0x0F);

    public void Write(Span<byte> destination)
    {
        destination[0] = Major;
        destination[1] = Minor;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], Build);
        destination[4] = 0;
        destination[5] = 0;
        destination[6] = 0;
        destination[7] = Revision;
    }

    public static NtlmVersion Read(ReadOnlySpan<byte> source) =>
        new(source[0], source[1], BinaryPrimitives.ReadUInt16LittleEndian(source[2..]), source[7]);
}

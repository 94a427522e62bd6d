using System.Text;
using Bourse.ClientAccess.Auth.Ntlm;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.Auth.Ntlm;

/// <summary>MS-NLMP 4.2.4 NTLMv2 worked example: User "User", UserDom "Domain", Passwd "Password".</summary>
public sealed class NtlmCryptoTests
{
    private static readonly byte[] ServerChallenge = Convert.FromHexString("0123456789abcdef");
    private static readonly byte[] ClientChallenge = Convert.FromHexString("aaaaaaaaaaaaaaaa");
    private static readonly byte[] RandomSessionKey = Convert.FromHexString("55555555555555555555555555555555");

    // MS-NLMP 4.2.4: the CHALLENGE target info (MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", EOL).
    internal static byte[] TargetInfo() => NtlmAvPairCodec.Write(
    [
        new(NtlmAvId.NbDomainName, Encoding.Unicode.GetBytes("Domain")),
        new(NtlmAvId.NbComputerName, Encoding.Unicode.GetBytes("Server")),
    ]);

    // MS-NLMP 3.3.2 temp with Time = 0 as in the example.
    internal static byte[] Temp()
    {
        var info = TargetInfo();
        var temp = new byte[28 + info.Length + 4];
        temp[0] = 1;
        temp[1] = 1;
        ClientChallenge.CopyTo(temp, 16);
        info.CopyTo(temp, 28);
        return temp;
    }

    [Theory]
    [InlineData("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
    [InlineData("abc", "a448017aaf21d8525fc10ae87aa6729d")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536")]
    public void Md4MatchesRfc1320(string input, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(Md4.Hash(Encoding.ASCII.GetBytes(input))));

    [Fact]
    public void NtHashOfPasswordMatchesSpecExample() =>
        // MS-NLMP 4.2.2.1.2 NTOWFv1("Password").
        Assert.Equal("a4f49c406510bdcab6824ee7c30fd852", Convert.ToHexStringLower(Md4.NtHash("Password")));

    [Fact]
    public void NtowfV2MatchesSpecExample() =>
        // MS-NLMP 4.2.4.1.1.
        Assert.Equal("0c868a403bfd7a93a3001ef22ef02e3f", Convert.ToHexStringLower(NtlmCrypto.NtowfV2(Md4.NtHash("Password"), "User", "Domain")));

    [Fact]
    public void NtProofStrMatchesSpecExample()
    {
        var key = NtlmCrypto.NtowfV2(Md4.NtHash("Password"), "User", "Domain");
        // MS-NLMP 4.2.4.2.2: the first 16 bytes of the NTLMv2 response.
        Assert.Equal("68cd0ab851e51c96aabc927bebef6a1c", Convert.ToHexStringLower(NtlmCrypto.NtProofStr(key, ServerChallenge, Temp())));
    }

    [Fact]
    public void SessionBaseKeyAndEncryptedSessionKeyMatchSpecExample()
    {
        var key = NtlmCrypto.NtowfV2(Md4.NtHash("Password"), "User", "Domain");
        var proof = NtlmCrypto.NtProofStr(key, ServerChallenge, Temp());
        var sessionBaseKey = NtlmCrypto.SessionBaseKey(key, proof);
        // MS-NLMP 4.2.4.1.2 session base key and 4.2.4.2.3 encrypted session key.
        Assert.Equal("8de40ccadbc14a82f15cb0ad0de95ca3", Convert.ToHexStringLower(sessionBaseKey));
        Assert.Equal("c5dad2544fc9799094ce1ce90bc9d03e", Convert.ToHexStringLower(Rc4.Apply(sessionBaseKey, RandomSessionKey)));
        // KEY_EXCH: the server recovers the client's random session key.
        var exported = NtlmCrypto.ExportedSessionKey(NtlmNegotiateFlags.KeyExchange, sessionBaseKey, Rc4.Apply(sessionBaseKey, RandomSessionKey));
        Assert.Equal(RandomSessionKey, exported);
    }

    [Fact]
    public void LmV2ResponseIsNotNeededButSpecValueIsReproducible()
    {
        // MS-NLMP 4.2.4.2.1 LMv2 = HMAC_MD5(ResponseKeyLM, ServerChallenge + ClientChallenge) + ClientChallenge.
        var key = NtlmCrypto.NtowfV2(Md4.NtHash("Password"), "User", "Domain");
        var lm = System.Security.Cryptography.HMACMD5.HashData(key, ServerChallenge.Concat(ClientChallenge).ToArray());
        Assert.Equal("86c35097ac9cec102554764a57cccc19", Convert.ToHexStringLower(lm));
    }

    [Fact]
    public void VerifierAcceptsSpecExampleAndRejectsWrongPassword()
    {
        var key = NtlmCrypto.NtowfV2(Md4.NtHash("Password"), "User", "Domain");
        var temp = Temp();
        var proof = NtlmCrypto.NtProofStr(key, ServerChallenge, temp);
        var sessionBaseKey = NtlmCrypto.SessionBaseKey(key, proof);
        var flags = NtlmNegotiateFlags.Unicode | NtlmNegotiateFlags.Ntlm | NtlmNegotiateFlags.KeyExchange | NtlmNegotiateFlags.TargetInfo;
        var raw = NtlmAuthenticateMessage.Write(flags, new byte[24], [.. proof, .. temp], "Domain", "User", "COMPUTER",
            Rc4.Apply(sessionBaseKey, RandomSessionKey), NtlmVersion.Server2022);
        Assert.Equal(NtlmParseError.None, NtlmAuthenticateMessage.TryParse(raw, out var message));
        Assert.Equal(NtlmAuthError.None, NtlmV2Verifier.Precheck(message!, out var response));
        var handshake = new NtlmHandshake([], [], ServerChallenge, flags, DateTimeOffset.UnixEpoch);

        var ok = NtlmV2Verifier.Verify(Md4.NtHash("Password"), handshake, message!, response!, null, ExtendedProtectionMode.WhenSupported);
        Assert.True(ok.Succeeded);
        Assert.Equal(RandomSessionKey, ok.ExportedSessionKey);
        Assert.Equal("Domain\\User", NtlmV2Verifier.LoginOf(message!));

        var wrong = NtlmV2Verifier.Verify(Md4.NtHash("password"), handshake, message!, response!, null, ExtendedProtectionMode.WhenSupported);
        Assert.Equal(NtlmAuthError.WrongResponse, wrong.Error);

        var otherChallenge = handshake with { ServerChallenge = Convert.FromHexString("0123456789abcdee") };
        Assert.Equal(NtlmAuthError.WrongResponse, NtlmV2Verifier.Verify(Md4.NtHash("Password"), otherChallenge, message!, response!, null, ExtendedProtectionMode.Off).Error);

        // Required Extended Protection refuses the example, which carries no channel binding.
        Assert.Equal(NtlmAuthError.ChannelBindingMissing,
            NtlmV2Verifier.Verify(Md4.NtHash("Password"), handshake, message!, response!, new byte[16], ExtendedProtectionMode.Required).Error);
    }

    [Fact]
    public void NtlmV1AndAnonymousAreRefused()
    {
        var v1 = NtlmAuthenticateMessage.Write(NtlmNegotiateFlags.Unicode, new byte[24], new byte[24], "D", "U", "W", [], NtlmVersion.Server2022);
        NtlmAuthenticateMessage.TryParse(v1, out var m1);
        Assert.Equal(NtlmAuthError.NtlmV1Refused, NtlmV2Verifier.Precheck(m1!, out _));

        var anonymous = NtlmAuthenticateMessage.Write(NtlmNegotiateFlags.Unicode | NtlmNegotiateFlags.Anonymous, [0], [], "", "", "W", [], NtlmVersion.Server2022);
        NtlmAuthenticateMessage.TryParse(anonymous, out var m2);
        Assert.Equal(NtlmAuthError.Anonymous, NtlmV2Verifier.Precheck(m2!, out _));
    }

    [Theory]
    [InlineData(ExtendedProtectionMode.Off, false, false, (int)NtlmAuthError.None)]
    [InlineData(ExtendedProtectionMode.Off, true, true, (int)NtlmAuthError.None)]
    [InlineData(ExtendedProtectionMode.WhenSupported, false, false, (int)NtlmAuthError.None)]
    [InlineData(ExtendedProtectionMode.WhenSupported, true, false, (int)NtlmAuthError.None)]
    [InlineData(ExtendedProtectionMode.WhenSupported, true, true, (int)NtlmAuthError.ChannelBindingMismatch)]
    [InlineData(ExtendedProtectionMode.Required, false, false, (int)NtlmAuthError.ChannelBindingMissing)]
    [InlineData(ExtendedProtectionMode.Required, true, false, (int)NtlmAuthError.None)]
    [InlineData(ExtendedProtectionMode.Required, true, true, (int)NtlmAuthError.ChannelBindingMismatch)]
    public void ChannelBindingModes(ExtendedProtectionMode mode, bool clientSends, bool wrong, int expected)
    {
        var ours = NtlmChannelBinding.ForCertificate(TestCertificates.ServerCertificate);
        var theirs = wrong ? NtlmChannelBinding.ForCertificate(TestCertificates.Create("attacker.example")) : ours;
        Assert.Equal((NtlmAuthError)expected, NtlmV2Verifier.CheckChannelBinding(clientSends ? theirs : null, ours, mode));
    }

    [Fact]
    public void ABindingOverPlainHttpIsARelay() =>
        Assert.Equal(NtlmAuthError.ChannelBindingMismatch,
            NtlmV2Verifier.CheckChannelBinding(NtlmChannelBinding.ForCertificate(TestCertificates.ServerCertificate), null, ExtendedProtectionMode.WhenSupported));

    [Fact]
    public void ChannelBindingIsMd5OfGssStructOverTlsServerEndPoint()
    {
        var certificate = TestCertificates.ServerCertificate;
        var appData = Encoding.ASCII.GetBytes("tls-server-end-point:").Concat(System.Security.Cryptography.SHA256.HashData(certificate.RawData)).ToArray();
        Assert.Equal(appData, NtlmChannelBinding.TlsServerEndPoint(certificate));
        var gss = new byte[20 + appData.Length];
        gss[16] = (byte)appData.Length;
        appData.CopyTo(gss, 20);
        Assert.Equal(System.Security.Cryptography.MD5.HashData(gss), NtlmChannelBinding.ForCertificate(certificate));
    }

    [Fact]
    public void Sha384SignedCertificateBindsWithSha384()
    {
        var certificate = TestCertificates.Create("mail.bourse.test", System.Security.Cryptography.HashAlgorithmName.SHA384);
        Assert.Equal(21 + 48, NtlmChannelBinding.TlsServerEndPoint(certificate).Length);
    }
}

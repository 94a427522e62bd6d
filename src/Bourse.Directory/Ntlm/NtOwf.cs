using System.Security.Cryptography;
using System.Text;

namespace Bourse.Directory.Ntlm;

/// <summary>
/// NTOWFv1 (MS-NLMP 3.3.1): MD4 of the password's UTF-16LE bytes, the "NT hash". NTLMv1/v2 responses are computed
/// from it, so whoever holds it can sign in as the user: it is a password equivalent and is stored apart from the
/// slow hash (table ntlm_secrets), never logged, never returned except to the NTLM authenticator.
/// </summary>
internal static class NtOwf
{
    public static byte[] Compute(string password)
    {
        var bytes = Encoding.Unicode.GetBytes(password);
        try
        {
            return Md4.HashData(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}

using System.Text;

namespace Bourse.Server.Import;

/// <summary>Decodes IMAP modified UTF-7 folder names (RFC 3501 5.1.3), which Maildir++ uses for non-ASCII names: "Entw&APw-rfe" → "Entwürfe".</summary>
internal static class ImapUtf7
{
    public static string Decode(string name)
    {
        if (!name.Contains('&', StringComparison.Ordinal))
            return name;
        var result = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != '&')
            {
                result.Append(name[i]);
                continue;
            }
            var end = name.IndexOf('-', i + 1);
            if (end < 0)
                return name;
            if (end == i + 1)
            {
                result.Append('&');
            }
            else
            {
                var b64 = name[(i + 1)..end].Replace(',', '/');
                b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
                try
                {
                    result.Append(Encoding.BigEndianUnicode.GetString(Convert.FromBase64String(b64)));
                }
                catch (FormatException)
                {
                    return name;
                }
            }
            i = end;
        }
        return result.ToString();
    }
}

using System.Text;
using MimeKit;

namespace Bourse.ActiveSync.Mapping;

/// Addresses as ActiveSync writes them: "Display Name" &lt;user@example.com&gt;, or the bare address when the name is
/// empty or equals the address (MS-ASEMAIL To/Cc: RFC 5322 addresses, comma-separated).
internal static class EasAddresses
{
    internal static string Format(string? name, string address)
    {
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name, address, StringComparison.OrdinalIgnoreCase))
        {
            return address;
        }

        var sb = new StringBuilder(name.Length + address.Length + 6);
        sb.Append('"');
        foreach (var c in name)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return sb.Append("\" <").Append(address).Append('>').ToString();
    }

    /// Parses one address as a device writes it ("Name" &lt;a@b&gt;, Name &lt;a@b&gt; or a@b); false when no address can be read.
    internal static bool TryParse(string? text, out string? name, out string address)
    {
        name = null;
        address = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (MailboxAddress.TryParse(ParserOptions, text.Trim(), out var mailbox) && !string.IsNullOrEmpty(mailbox.Address))
        {
            name = string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name.Trim();
            address = mailbox.Address;
            return true;
        }

        return false;
    }

    /// Parses an address list (comma- or semicolon-separated); addresses that cannot be read are skipped.
    internal static List<(string? Name, string Address)> ParseList(string? text)
    {
        var result = new List<(string?, string)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        if (InternetAddressList.TryParse(ParserOptions, text.Replace(';', ','), out var list))
        {
            foreach (var mailbox in list.Mailboxes)
            {
                if (!string.IsNullOrEmpty(mailbox.Address))
                {
                    result.Add((string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name.Trim(), mailbox.Address));
                }
            }
        }

        return result;
    }

    private static readonly ParserOptions ParserOptions = CreateParserOptions();

    private static ParserOptions CreateParserOptions()
    {
        var o = MimeKit.ParserOptions.Default.Clone();
        o.AddressParserComplianceMode = RfcComplianceMode.Loose;
        o.AllowAddressesWithoutDomain = true;
        o.AllowUnquotedCommasInAddresses = false;
        return o;
    }
}

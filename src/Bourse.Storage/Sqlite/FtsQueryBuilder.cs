using System.Globalization;
using System.Text;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// Turns user search text into a safe FTS5 expression: every word becomes a quoted string (so FTS operators and
/// punctuation typed by users are plain text), words are ANDed, and the last word matches as a prefix.
/// </summary>
internal static class FtsQueryBuilder
{
    public const int MaxTerms = 16;

    /// <summary>The MATCH expression scoped to one mailbox's token, or null when the text has nothing searchable.</summary>
    public static string? Build(string? text, long mailboxRow)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var terms = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t.Any(char.IsLetterOrDigit))
            .Take(MaxTerms)
            .ToList();
        if (terms.Count == 0)
            return null;
        var sb = new StringBuilder();
        sb.Append("mb : \"").Append(MailboxToken(mailboxRow)).Append("\" AND {subject body sender} : (");
        for (var i = 0; i < terms.Count; i++)
        {
            if (i > 0)
                sb.Append(" AND ");
            sb.Append('"').Append(terms[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            if (i == terms.Count - 1 && char.IsLetterOrDigit(terms[i][^1]))
                sb.Append('*');
        }
        return sb.Append(')').ToString();
    }

    public static string MailboxToken(long mailboxRow) => "m" + mailboxRow.ToString(CultureInfo.InvariantCulture);
}

using System.Text;
using MimeKit.Text;

namespace Bourse.Mailbox;

/// <summary>Plain text from HTML for PidTagBody and the search index: text content, with block elements as line breaks.</summary>
internal static class HtmlTextExtractor
{
    public static string Extract(string html, int maxChars = int.MaxValue)
    {
        var sb = new StringBuilder(Math.Min(html.Length, 16 * 1024));
        var skipDepth = 0;
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        while (sb.Length < maxChars && tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag:
                    if (tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title)
                    {
                        if (tag.IsEndTag)
                            skipDepth = Math.Max(0, skipDepth - 1);
                        else if (!tag.IsEmptyElement)
                            skipDepth++;
                    }
                    else if (tag.Id == HtmlTagId.Br && !tag.IsEndTag)
                    {
                        AppendLineBreak(sb, force: true);
                    }
                    else if (IsBlock(tag.Id))
                    {
                        AppendLineBreak(sb, force: false);
                    }
                    break;
                case HtmlDataToken data when skipDepth == 0:
                    AppendCollapsed(sb, data.Data);
                    break;
            }
        }
        var text = sb.ToString().Trim();
        return text.Length > maxChars ? text[..maxChars] : text;
    }

    private static bool IsBlock(HtmlTagId id) => id switch
    {
        HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or
        HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6 or HtmlTagId.BlockQuote or HtmlTagId.Pre or HtmlTagId.Table or
        HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.HR => true,
        _ => false,
    };

    /// <summary>A block element starts a new line once; a br always breaks, so two give an empty line.</summary>
    private static void AppendLineBreak(StringBuilder sb, bool force)
    {
        // Trailing spaces before a break carry nothing.
        while (sb.Length > 0 && sb[^1] == ' ')
            sb.Length--;
        if (sb.Length == 0)
            return;
        if (force ? !(sb.Length >= 2 && sb[^1] == '\n' && sb[^2] == '\n') : sb[^1] != '\n')
            sb.Append('\n');
    }

    private static void AppendCollapsed(StringBuilder sb, string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c) && c != '\u00A0')
            {
                if (sb.Length > 0 && sb[^1] is not (' ' or '\n'))
                    sb.Append(' ');
            }
            else
            {
                sb.Append(c == '\u00A0' ? ' ' : c);
            }
        }
    }
}

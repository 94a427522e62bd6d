using MimeKit;

namespace Bourse.Mailbox;

/// <summary>
/// Walks a MIME tree and splits it into the message body (a text/plain and/or text/html rendition) and attachments,
/// following MS-OXCMAIL 2.2.3.2.x / 2.1.3.2.x: the first inline text part (or multipart/alternative) is the body,
/// multipart/related parts around an HTML body are candidates for inline (hidden) attachments, everything else —
/// including further inline text parts and message/rfc822 parts — is an attachment.
/// </summary>
internal sealed class MimeBodyWalker(int maxDepth)
{
    private bool _bodyClosed;

    public TextPart? Plain { get; private set; }
    public TextPart? Html { get; private set; }
    public List<MimeEntity> Attachments { get; } = [];

    public void Walk(MimeEntity root) => Visit(root, 0);

    private void Visit(MimeEntity entity, int depth)
    {
        if (depth > maxDepth)
        {
            if (entity is not Multipart)
                Attachments.Add(entity);
            return;
        }
        switch (entity)
        {
            case Multipart mp when IsSubtype(mp, "alternative"):
                if (_bodyClosed)
                {
                    foreach (var child in mp)
                        Visit(child, depth + 1);
                    return;
                }
                foreach (var child in mp)
                    VisitAlternative(child, depth + 1);
                _bodyClosed = Plain is not null || Html is not null;
                return;
            case Multipart mp when IsSubtype(mp, "related"):
                var root = FindRelatedRoot(mp);
                if (root is not null)
                    Visit(root, depth + 1);
                foreach (var child in mp)
                {
                    if (!ReferenceEquals(child, root))
                        Visit(child, depth + 1);
                }
                return;
            case Multipart mp when IsSubtype(mp, "signed"):
                // RFC 1847 2.1: the first part is the signed content, the second the signature.
                for (var i = 0; i < mp.Count; i++)
                {
                    if (i == 0)
                        Visit(mp[i], depth + 1);
                    else if (mp[i] is not Multipart)
                        Attachments.Add(mp[i]);
                }
                return;
            case Multipart mp:
                foreach (var child in mp)
                    Visit(child, depth + 1);
                return;
            case TextPart text when !_bodyClosed && IsInlineBody(text):
                if (text.IsHtml)
                    Html = text;
                else
                    Plain = text;
                _bodyClosed = true;
                return;
            default:
                Attachments.Add(entity);
                return;
        }
    }

    private void VisitAlternative(MimeEntity entity, int depth)
    {
        if (depth > maxDepth)
            return;
        switch (entity)
        {
            case TextPart text when IsInlineBody(text):
                if (text.IsHtml)
                    Html ??= text;
                else
                    Plain ??= text;
                return;
            case TextPart text when text.ContentType.IsMimeType("text", "calendar"):
                Attachments.Add(text);
                return;
            case TextPart:
                // RFC 2046 5.1.4: other renditions (text/enriched …) are alternatives we do not need.
                return;
            case Multipart mp when IsSubtype(mp, "related"):
                var root = FindRelatedRoot(mp);
                if (root is not null)
                    VisitAlternative(root, depth + 1);
                foreach (var child in mp)
                {
                    if (!ReferenceEquals(child, root))
                        Attachments.Add(child);
                }
                return;
            case Multipart mp:
                foreach (var child in mp)
                    VisitAlternative(child, depth + 1);
                return;
            default:
                Attachments.Add(entity);
                return;
        }
    }

    /// <summary>RFC 2387 3.2: the root is the part named by the start parameter, else the first part.</summary>
    private static MimeEntity? FindRelatedRoot(Multipart related)
    {
        if (related.Count == 0)
            return null;
        var start = related.ContentType.Parameters.TryGetValue("start", out string? s) ? s.Trim().Trim('<', '>') : null;
        if (!string.IsNullOrEmpty(start))
        {
            foreach (var child in related)
            {
                if (string.Equals(child.ContentId, start, StringComparison.OrdinalIgnoreCase))
                    return child;
            }
        }
        return related[0];
    }

    private static bool IsInlineBody(TextPart text) =>
        (text.IsPlain || text.IsHtml) && !text.IsAttachment && string.IsNullOrEmpty(text.FileName);

    private static bool IsSubtype(Multipart mp, string subtype) =>
        string.Equals(mp.ContentType.MediaSubtype, subtype, StringComparison.OrdinalIgnoreCase);
}

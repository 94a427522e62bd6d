using System.Text;

namespace Bourse.ActiveSync.Codec;

/// One element of an ActiveSync WBXML document: a tag of a code page with child elements, or text, or opaque bytes.
internal sealed class WbxmlElement
{
    private List<WbxmlElement>? _children;

    internal WbxmlElement(WbxmlCodePage page, byte token)
    {
        Name = page.GetName(token) ?? throw new ArgumentOutOfRangeException(nameof(token), $"No tag 0x{token:X2} on page {page.Namespace}.");
        Page = page;
        Token = token;
    }

    /// Creates an element by namespace ("AirSync", "Email", …) and tag name; throws for names not in MS-ASWBXML.
    internal WbxmlElement(string @namespace, string name)
    {
        Page = WbxmlCodePages.Get(@namespace) ?? throw new ArgumentException($"Unknown code page {@namespace}.", nameof(@namespace));
        if (!Page.TryGetToken(name, out var token))
        {
            throw new ArgumentException($"Unknown tag {@namespace}:{name}.", nameof(name));
        }

        Name = name;
        Token = token;
    }

    internal WbxmlElement(string @namespace, string name, string text)
        : this(@namespace, name) => Text = text;

    internal WbxmlElement(string @namespace, string name, params WbxmlElement[] children)
        : this(@namespace, name)
    {
        foreach (var child in children)
        {
            Add(child);
        }
    }

    internal WbxmlCodePage Page { get; }

    internal byte Token { get; }

    internal string Name { get; }

    internal string Namespace => Page.Namespace;

    internal IReadOnlyList<WbxmlElement> Children => (IReadOnlyList<WbxmlElement>?)_children ?? [];

    /// Inline string content (STR_I), or null.
    internal string? Text { get; set; }

    /// Opaque content (OPAQUE), or null.
    internal byte[]? Opaque { get; set; }

    internal bool IsEmpty => _children is null && Text is null && Opaque is null;

    internal WbxmlElement Add(WbxmlElement child)
    {
        (_children ??= []).Add(child);
        return this;
    }

    internal WbxmlElement? Element(string @namespace, string name)
    {
        if (_children is null)
        {
            return null;
        }

        foreach (var child in _children)
        {
            if (child.Name == name && child.Namespace == @namespace)
            {
                return child;
            }
        }

        return null;
    }

    /// Same tags, same text and opaque bytes, same children in the same order.
    internal bool StructurallyEquals(WbxmlElement other)
    {
        if (!ReferenceEquals(Page, other.Page) || Token != other.Token || Text != other.Text
            || (Opaque is null) != (other.Opaque is null)
            || (Opaque is not null && !Opaque.AsSpan().SequenceEqual(other.Opaque))
            || Children.Count != other.Children.Count)
        {
            return false;
        }

        for (var i = 0; i < Children.Count; i++)
        {
            if (!Children[i].StructurallyEquals(other.Children[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// An XML-like rendering for logs and test failures (opaque content as base64).
    public override string ToString()
    {
        var sb = new StringBuilder();
        Render(sb);
        return sb.ToString();
    }

    private void Render(StringBuilder sb)
    {
        sb.Append('<').Append(Namespace).Append(':').Append(Name);
        if (IsEmpty)
        {
            sb.Append("/>");
            return;
        }

        sb.Append('>');
        if (Text is not null)
        {
            sb.Append(Text);
        }

        if (Opaque is not null)
        {
            sb.Append("[opaque:").Append(Convert.ToBase64String(Opaque)).Append(']');
        }

        foreach (var child in Children)
        {
            child.Render(sb);
        }

        sb.Append("</").Append(Namespace).Append(':').Append(Name).Append('>');
    }
}

using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// A mutable copy of a WBXML element tree: <see cref="WbxmlElement"/> only grows, the tree mutations also drop, move and
/// rename elements. Converted back with <see cref="ToElement"/>; mixed content is resolved the way the encoder needs
/// (children win over text, text over opaque), so every mutated tree encodes.
/// </summary>
internal sealed class FuzzNode
{
    public FuzzNode(string @namespace, string name)
    {
        Namespace = @namespace;
        Name = name;
    }

    public string Namespace { get; set; }

    public string Name { get; set; }

    public string? Text { get; set; }

    public byte[]? Opaque { get; set; }

    public List<FuzzNode> Children { get; } = [];

    public FuzzNode? Parent { get; private set; }

    public static FuzzNode From(WbxmlElement element)
    {
        var node = new FuzzNode(element.Namespace, element.Name) { Text = element.Text, Opaque = element.Opaque?.ToArray() };
        foreach (var child in element.Children)
            node.Add(From(child));
        return node;
    }

    public WbxmlElement ToElement()
    {
        var element = new WbxmlElement(Namespace, Name);
        if (Children.Count > 0)
        {
            foreach (var child in Children)
                element.Add(child.ToElement());
        }
        else if (Text is not null)
        {
            // STR_I cannot carry NUL; a mutation that produced one sends it as opaque bytes instead.
            if (Text.Contains('\0', StringComparison.Ordinal))
                element.Opaque = System.Text.Encoding.UTF8.GetBytes(Text);
            else
                element.Text = Text;
        }
        else if (Opaque is not null)
        {
            element.Opaque = Opaque;
        }

        return element;
    }

    public FuzzNode Add(FuzzNode child)
    {
        child.Parent?.Children.Remove(child);
        child.Parent = this;
        Children.Add(child);
        return this;
    }

    public void Insert(int index, FuzzNode child)
    {
        child.Parent?.Children.Remove(child);
        child.Parent = this;
        Children.Insert(Math.Clamp(index, 0, Children.Count), child);
    }

    public void Detach()
    {
        Parent?.Children.Remove(this);
        Parent = null;
    }

    public FuzzNode Clone()
    {
        var copy = new FuzzNode(Namespace, Name) { Text = Text, Opaque = Opaque?.ToArray() };
        foreach (var child in Children)
            copy.Add(child.Clone());
        return copy;
    }

    /// This node and every descendant, depth-first.
    public IEnumerable<FuzzNode> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var d in child.DescendantsAndSelf())
                yield return d;
        }
    }

    public bool IsAncestorOf(FuzzNode other)
    {
        for (var p = other.Parent; p is not null; p = p.Parent)
        {
            if (ReferenceEquals(p, this))
                return true;
        }

        return false;
    }

    public override string ToString() => ToElement().ToString();
}

using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Infrastructure;

/// Builds WBXML element trees tersely: <c>Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", …))</c>; strings become text.
internal static class Wb
{
    public static WbxmlElement E(string qualifiedName, params object?[] content)
    {
        var colon = qualifiedName.IndexOf(':', StringComparison.Ordinal);
        var element = new WbxmlElement(qualifiedName[..colon], qualifiedName[(colon + 1)..]);
        foreach (var c in content)
        {
            switch (c)
            {
                case null:
                    break;
                case string s:
                    element.Text = s;
                    break;
                case byte[] bytes:
                    element.Opaque = bytes;
                    break;
                case WbxmlElement child:
                    element.Add(child);
                    break;
                case IEnumerable<WbxmlElement> children:
                    foreach (var child in children)
                        element.Add(child);
                    break;
                default:
                    element.Text = Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        return element;
    }

    /// The first descendant (depth-first) with this qualified name, or null.
    public static WbxmlElement? Find(this WbxmlElement root, string qualifiedName)
    {
        foreach (var child in root.Children)
        {
            if ($"{child.Namespace}:{child.Name}" == qualifiedName)
                return child;
            if (child.Find(qualifiedName) is { } deeper)
                return deeper;
        }

        return null;
    }

    /// Every descendant with this qualified name, depth-first.
    public static IEnumerable<WbxmlElement> FindAll(this WbxmlElement root, string qualifiedName)
    {
        foreach (var child in root.Children)
        {
            if ($"{child.Namespace}:{child.Name}" == qualifiedName)
                yield return child;
            foreach (var deeper in child.FindAll(qualifiedName))
                yield return deeper;
        }
    }

    /// The text of the child with this qualified name, or null.
    public static string? Value(this WbxmlElement parent, string qualifiedName)
    {
        var colon = qualifiedName.IndexOf(':', StringComparison.Ordinal);
        return parent.Element(qualifiedName[..colon], qualifiedName[(colon + 1)..])?.Text;
    }
}

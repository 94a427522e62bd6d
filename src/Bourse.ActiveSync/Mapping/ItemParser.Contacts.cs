using Bourse.ActiveSync.Codec;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemParser
{
    private static readonly string[] NameElements = ["FirstName", "MiddleName", "LastName", "Suffix", "Title", "CompanyName"];

    /// MS-ASCNTC 2.2.2: a contact. In a Change every element left out is deleted unless ghosted (MS-ASCMD 2.2.3.179).
    private static bool ParseContact(ParseContext ctx, WbxmlElement app, ParsedItem parsed, SupportedElements supported)
    {
        var changes = parsed.Changes;
        foreach (var child in app.Children)
        {
            if (!TryTableField(ctx, child, ContactFields.All, parsed, out var matched))
            {
                return false;
            }

            if (matched)
            {
                continue;
            }

            var email = Array.FindIndex(ContactFields.Emails, e => e.Name == child.Name);
            var ok = (child.Namespace, child.Name) switch
            {
                ("Contacts", _) when email >= 0 => Mark(parsed, child) && ParseContactEmail(ctx, child, email, changes),
                ("Contacts", "Categories") => Mark(parsed, child) && ParseCategories(ctx, child, "Contacts", changes),
                ("Contacts", "Children") => Mark(parsed, child) && ParseChildren(ctx, child, changes),
                ("Contacts", "Picture") => Mark(parsed, child) && ParsePicture(ctx, child, changes),
                ("AirSyncBase", "Body") => Mark(parsed, child) && BodyParser.TryParse(ctx, child, changes),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (parsed.IsChange)
        {
            RemoveAbsent(ctx, ContactFields.All, parsed, supported);
            foreach (var (name, address, displayName, type, original) in ContactFields.Emails)
            {
                if (parsed.IsAbsent("Contacts", name, supported))
                {
                    changes.Without(address);
                    changes.Without(displayName);
                    changes.Without(type);
                    changes.Without(original);
                }
            }

            if (parsed.IsAbsent("Contacts", "Categories", supported))
            {
                changes.Without(NamedProps.Keywords);
            }

            if (parsed.IsAbsent("Contacts", "Children", supported))
            {
                changes.Without(PropTags.ChildrensNames);
            }

            if (parsed.IsAbsent("Contacts", "Picture", supported))
            {
                changes.Without(NamedProps.ContactPicture);
                changes.Without(NamedProps.HasPicture);
            }

            if (parsed.IsAbsent("AirSyncBase", "Body", supported))
            {
                BodyParser.Remove(changes);
            }
        }

        // PidTagDisplayName and the subject follow the name, when the name is wholly known from this request.
        if (!parsed.IsChange || Array.TrueForAll(NameElements, n => parsed.IsPresent("Contacts", n) || !supported.IsGhosted("Contacts", n)))
        {
            if (ContactDisplayName(changes.Set) is { } displayName)
            {
                changes.With(PropTags.DisplayName, PropertyValue.Unicode(displayName));
                changes.With(PropTags.Subject, PropertyValue.Unicode(displayName));
                changes.With(PropTags.NormalizedSubject, PropertyValue.Unicode(displayName));
            }
            else if (parsed.IsChange)
            {
                changes.Without(PropTags.DisplayName);
            }
        }

        if (!parsed.IsChange && !changes.Set.Contains(NamedProps.FileUnder) && ItemRenderer.FileAs(changes.Set) is { } fileAs)
        {
            changes.With(NamedProps.FileUnder, PropertyValue.Unicode(fileAs));
        }

        return true;
    }

    /// "Title First Middle Last Suffix", or the company, or the first address.
    private static string? ContactDisplayName(PropertyBag bag)
    {
        var parts = new[]
        {
            bag.GetString(PropTags.DisplayNamePrefix), bag.GetString(PropTags.GivenName), bag.GetString(PropTags.MiddleName),
            bag.GetString(PropTags.Surname), bag.GetString(PropTags.Generation),
        }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToArray();
        if (parts.Length > 0)
        {
            return string.Join(' ', parts);
        }

        return bag.GetString(PropTags.CompanyName) is { Length: > 0 } company ? company : bag.GetString(NamedProps.Email1Address);
    }

    /// MS-ASCNTC Email1Address: an RFC 5322 address, with or without a display name. Text that is not an address is
    /// kept as it is (devices send what the user typed).
    private static bool ParseContactEmail(ParseContext ctx, WbxmlElement element, int index, PropertyChanges changes)
    {
        var (_, addressKey, displayKey, typeKey, originalKey) = ContactFields.Emails[index];
        if (!ctx.TryText(element, out var text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            changes.Without(addressKey);
            changes.Without(displayKey);
            changes.Without(typeKey);
            changes.Without(originalKey);
            return true;
        }

        var (name, address) = EasAddresses.TryParse(text, out var n, out var a) ? (n, a) : (null, text);
        changes.With(addressKey, PropertyValue.Unicode(address));
        changes.With(typeKey, PropertyValue.Unicode("SMTP"));
        changes.With(originalKey, PropertyValue.Unicode(address));
        if (name is null)
        {
            changes.Without(displayKey);
        }
        else
        {
            changes.With(displayKey, PropertyValue.Unicode(name));
        }

        return true;
    }

    private static bool ParseChildren(ParseContext ctx, WbxmlElement element, PropertyChanges changes)
    {
        if (!ctx.TryList(element, "Contacts", "Child", 1024, out var children))
        {
            return false;
        }

        if (children.Length == 0)
        {
            changes.Without(PropTags.ChildrensNames);
        }
        else
        {
            changes.With(PropTags.ChildrensNames, PropertyValue.MultipleUnicode(children));
        }

        return true;
    }

    private static bool ParsePicture(ParseContext ctx, WbxmlElement element, PropertyChanges changes)
    {
        if (!ctx.TryBinary(element, ctx.Limits.MaxPictureBytes, out var picture))
        {
            return false;
        }

        if (picture.Length == 0)
        {
            changes.Without(NamedProps.ContactPicture);
            changes.With(NamedProps.HasPicture, PropertyValue.Boolean(false));
        }
        else
        {
            changes.With(NamedProps.ContactPicture, PropertyValue.Binary(picture));
            changes.With(NamedProps.HasPicture, PropertyValue.Boolean(true));
        }

        return true;
    }
}

using Bourse.ActiveSync.Codec;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemRenderer
{
    /// MS-ASCNTC 2.2.2: a contact — the simple fields of ContactFields, the three e-mail addresses, categories,
    /// children, picture and body.
    private static WbxmlElement RenderContact(Item item, ItemRenderOptions options)
    {
        var bag = item.Properties;
        var app = NewApplicationData();
        foreach (var field in ContactFields.All)
        {
            if (field.AppliesTo(options.Version) && field.Render(bag) is { } element)
            {
                app.Add(element);
            }
        }

        if (bag.GetString(NamedProps.FileUnder) is null && FileAs(bag) is { } fileAs)
        {
            // MS-OXOCNTC PidLidFileUnder: every contact files under something; derive it when it was never set.
            AddText(app, "Contacts", "FileAs", fileAs);
        }

        foreach (var (name, address, displayName, _, _) in ContactFields.Emails)
        {
            if (bag.GetString(address) is { Length: > 0 } a)
            {
                AddText(app, "Contacts", name, EasAddresses.Format(bag.GetString(displayName), a));
            }
        }

        if (Categories(bag, "Contacts", emptyWhenNone: false) is { } categories)
        {
            app.Add(categories);
        }

        if (bag.TryGet(PropTags.ChildrensNames, out var c) && c.Value is string[] { Length: > 0 } children)
        {
            var element = new WbxmlElement("Contacts", "Children");
            foreach (var child in children)
            {
                AddText(element, "Contacts", "Child", child);
            }

            app.Add(element);
        }

        if (bag.GetBinary(NamedProps.ContactPicture) is { Length: > 0 } picture)
        {
            // MS-ASCNTC Picture: the base64 of the contact's photo.
            AddText(app, "Contacts", "Picture", Convert.ToBase64String(picture));
        }

        app.Add(BodyRenderer.Render(bag, options));
        return app;
    }

    /// "Last, First" as Outlook files a person; the company or first address when there is no name.
    internal static string? FileAs(PropertyBag bag)
    {
        var first = bag.GetString(PropTags.GivenName);
        var last = bag.GetString(PropTags.Surname);
        if (!string.IsNullOrWhiteSpace(last))
        {
            return string.IsNullOrWhiteSpace(first) ? last : last + ", " + first;
        }

        if (!string.IsNullOrWhiteSpace(first))
        {
            return first;
        }

        return bag.GetString(PropTags.CompanyName) is { Length: > 0 } company ? company : bag.GetString(NamedProps.Email1Address);
    }
}

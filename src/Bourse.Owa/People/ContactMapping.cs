using System.Globalization;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Owa.People;

/// <summary>
/// Contacts ⇄ the API's Contact over the properties ActiveSync's Contacts mapping uses (Bourse.ActiveSync's ContactFields):
/// the name parts, PidTagDisplayName (and the subject), company, title, department, Email1–3 (address, type SMTP, display
/// and original names), the business, mobile and home phones, the business address, birthday and the notes as PidTagBody.
/// </summary>
internal static class ContactMapping
{
    public const string MessageClass = "IPM.Contact";
    public const int MaxFieldChars = 256;
    public const int MaxNotesChars = 32 * 1024;

    private static readonly (PropertyKey Address, PropertyKey DisplayName, PropertyKey AddressType, PropertyKey Original)[] Emails =
    [
        (NamedProps.Email1Address, NamedProps.Email1DisplayName, NamedProps.Email1AddressType, NamedProps.Email1OriginalDisplayName),
        (NamedProps.Email2Address, NamedProps.Email2DisplayName, NamedProps.Email2AddressType, NamedProps.Email2OriginalDisplayName),
        (NamedProps.Email3Address, NamedProps.Email3DisplayName, NamedProps.Email3AddressType, NamedProps.Email3OriginalDisplayName),
    ];

    /// The simple text members and their properties.
    private static readonly (Func<ContactInput, string?> Get, PropertyKey Key)[] TextFields =
    [
        (c => c.GivenName, PropTags.GivenName), (c => c.Surname, PropTags.Surname), (c => c.Company, PropTags.CompanyName),
        (c => c.JobTitle, PropTags.Title), (c => c.Department, PropTags.DepartmentName),
        (c => c.BusinessPhone, PropTags.BusinessTelephoneNumber), (c => c.MobilePhone, PropTags.MobileTelephoneNumber),
        (c => c.HomePhone, PropTags.HomeTelephoneNumber),
        (c => c.Street, NamedProps.WorkAddressStreet), (c => c.City, NamedProps.WorkAddressCity), (c => c.State, NamedProps.WorkAddressState),
        (c => c.PostalCode, NamedProps.WorkAddressPostalCode), (c => c.Country, NamedProps.WorkAddressCountry),
    ];

    public static bool IsContact(Item item) =>
        item.MessageClass.StartsWith(MessageClass, StringComparison.OrdinalIgnoreCase);

    public static bool IsContactsFolder(Folder folder) =>
        folder.WellKnown == WellKnownFolder.Contacts || (folder.ContainerClass?.StartsWith("IPF.Contact", StringComparison.OrdinalIgnoreCase) ?? false);

    public static ContactDto ToDto(MailboxId mailbox, Item item)
    {
        var bag = item.Properties;
        string T(PropertyKey key) => bag.GetString(key) ?? "";
        var emails = Emails.Select(e => bag.GetString(e.Address)).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).ToList();
        // A birthday is a day: phones store local midnight as UTC, so the nearest midnight names the day.
        var birthday = bag.GetDateTime(PropTags.Birthday) is { } b ? b.AddHours(12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        return new ContactDto(StoreIds.Encode(mailbox, item.Id), StoreIds.Encode(mailbox, item.FolderId), DisplayName(bag), T(PropTags.GivenName),
            T(PropTags.Surname), T(PropTags.CompanyName), T(PropTags.Title), T(PropTags.DepartmentName), emails,
            T(PropTags.BusinessTelephoneNumber), T(PropTags.MobileTelephoneNumber), T(PropTags.HomeTelephoneNumber),
            T(NamedProps.WorkAddressStreet), T(NamedProps.WorkAddressCity), T(NamedProps.WorkAddressState), T(NamedProps.WorkAddressPostalCode),
            T(NamedProps.WorkAddressCountry), birthday, (bag.GetString(PropTags.Body) ?? "").ReplaceLineEndings("\n"));
    }

    public static string DisplayName(PropertyBag bag) =>
        bag.GetString(PropTags.DisplayName) is { Length: > 0 } name ? name
        : bag.GetString(PropTags.Subject) is { Length: > 0 } subject ? subject
        : bag.GetString(NamedProps.Email1Address) ?? "";

    /// <summary>The properties of a contact from the client's input (all members replaced), or the reason it is refused.</summary>
    public static string? TryBuild(ContactInput input, bool isNew, out PropertyChanges changes)
    {
        changes = new PropertyChanges();
        foreach (var (get, key) in TextFields)
        {
            var value = (get(input) ?? "").Trim();
            if (value.Length > MaxFieldChars)
                return "A field is too long.";
            if (value.Length == 0)
                changes.Without(key);
            else
                changes.With(key, PropertyValue.Unicode(value));
        }

        var emails = (input.Emails ?? []).Select(e => (e ?? "").Trim()).Where(e => e.Length > 0).ToList();
        if (emails.Count > Emails.Length)
            return "A contact has at most three e-mail addresses.";
        foreach (var address in emails)
        {
            var at = address.IndexOf('@', StringComparison.Ordinal);
            if (address.Length > 320 || at <= 0 || at == address.Length - 1 || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ','))
                return "An e-mail address is not valid.";
        }

        var displayName = (input.DisplayName ?? "").Trim();
        if (displayName.Length > MaxFieldChars)
            return "The display name is too long.";
        if (displayName.Length == 0)
        {
            // As ActiveSync names a contact: "First Last", else the company, else the first address.
            displayName = string.Join(' ', new[] { input.GivenName, input.Surname }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
            if (displayName.Length == 0)
                displayName = (input.Company ?? "").Trim();
            if (displayName.Length == 0 && emails.Count > 0)
                displayName = emails[0];
        }

        if (displayName.Length == 0)
            return "A contact needs a name, a company or an e-mail address.";

        for (var i = 0; i < Emails.Length; i++)
        {
            var (addressKey, displayKey, typeKey, originalKey) = Emails[i];
            if (i < emails.Count)
            {
                changes.With(addressKey, PropertyValue.Unicode(emails[i]));
                changes.With(typeKey, PropertyValue.Unicode("SMTP"));
                changes.With(originalKey, PropertyValue.Unicode(emails[i]));
                changes.With(displayKey, PropertyValue.Unicode($"{displayName} ({emails[i]})"));
            }
            else
            {
                changes.Without(addressKey);
                changes.Without(typeKey);
                changes.Without(originalKey);
                changes.Without(displayKey);
            }
        }

        if (input.Birthday is { Length: > 0 } birthdayText)
        {
            if (!DateOnly.TryParseExact(birthdayText.Length > 10 ? birthdayText[..10] : birthdayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || day.Year < 1601)
                return "birthday must be a date (yyyy-MM-dd).";
            changes.With(PropTags.Birthday, PropertyValue.SysTime(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        }
        else
        {
            changes.Without(PropTags.Birthday);
        }

        var notes = input.Notes ?? "";
        if (notes.Length > MaxNotesChars)
            return "The notes are too long.";
        changes.Without(PropTags.Html);
        changes.Without(PropTags.RtfCompressed);
        if (notes.Trim().Length == 0)
        {
            changes.Without(PropTags.Body);
            changes.Without(PropTags.NativeBody);
        }
        else
        {
            // MS-OXCMSG 2.2.1.56.1: PidTagBody lines end in CRLF.
            changes.With(PropTags.Body, PropertyValue.Unicode(notes.ReplaceLineEndings("\r\n")));
            changes.With(PropTags.NativeBody, PropertyValue.Long(1));
        }

        changes.With(PropTags.DisplayName, PropertyValue.Unicode(displayName));
        changes.With(PropTags.Subject, PropertyValue.Unicode(displayName));
        changes.With(PropTags.NormalizedSubject, PropertyValue.Unicode(displayName));
        var surname = (input.Surname ?? "").Trim();
        var given = (input.GivenName ?? "").Trim();
        changes.With(NamedProps.FileUnder, PropertyValue.Unicode(surname.Length > 0 && given.Length > 0 ? $"{surname}, {given}" : displayName));
        if (isNew)
        {
            changes.With(PropTags.MessageClass, PropertyValue.Unicode(MessageClass));
            changes.With(PropTags.MessageFlags, PropertyValue.Long((int)MessageFlags.Read));
            changes.With(PropTags.HasAttachments, PropertyValue.Boolean(false));
        }

        return null;
    }
}

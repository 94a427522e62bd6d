using Bourse.Core.Properties;

namespace Bourse.Core.Model;

/// <summary>A row of a message's recipient table (MS-OXCMSG 2.2.1.24): type, display name, SMTP address, and any other properties.</summary>
public sealed class Recipient
{
    public Recipient(PropertyBag properties) => Properties = properties ?? throw new ArgumentNullException(nameof(properties));

    public Recipient(RecipientType type, string address, string? displayName = null)
    {
        Properties = new PropertyBag()
            .Set(PropTags.RecipientType, (int)type)
            .Set(PropTags.SmtpAddress, address)
            .Set(PropTags.EmailAddress, address)
            .Set(PropTags.AddressType, "SMTP")
            .Set(PropTags.DisplayName, string.IsNullOrEmpty(displayName) ? address : displayName);
    }

    public PropertyBag Properties { get; }

    public RecipientType Type => (RecipientType)(Properties.GetInt32(PropTags.RecipientType) ?? (int)RecipientType.To);

    public string Address => Properties.GetString(PropTags.SmtpAddress) ?? Properties.GetString(PropTags.EmailAddress) ?? "";

    public string DisplayName => Properties.GetString(PropTags.DisplayName) ?? Address;
}

using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// The simple Contacts and Contacts2 elements (MS-ASCNTC 2.2.2) and their properties (MS-OXOCNTC 2.2.1), in the code
/// page's order. Dates are MS-ASDTYPE dateTime. Email addresses, categories, children, picture and body are in code.
internal static class ContactFields
{
    private const string C = "Contacts";
    private const string C2 = "Contacts2";

    internal static readonly EasField[] All =
    [
        new(C, "Anniversary", PropTags.WeddingAnniversary, EasFieldType.Date),
        new(C, "AssistantName", PropTags.Assistant, EasFieldType.Text),
        new(C, "AssistantPhoneNumber", PropTags.AssistantTelephoneNumber, EasFieldType.Text),
        new(C, "Birthday", PropTags.Birthday, EasFieldType.Date),
        new(C, "Business2PhoneNumber", PropTags.Business2TelephoneNumber, EasFieldType.Text),
        new(C, "BusinessAddressCity", NamedProps.WorkAddressCity, EasFieldType.Text),
        new(C, "BusinessAddressCountry", NamedProps.WorkAddressCountry, EasFieldType.Text),
        new(C, "BusinessAddressPostalCode", NamedProps.WorkAddressPostalCode, EasFieldType.Text),
        new(C, "BusinessAddressState", NamedProps.WorkAddressState, EasFieldType.Text),
        new(C, "BusinessAddressStreet", NamedProps.WorkAddressStreet, EasFieldType.Text),
        new(C, "BusinessFaxNumber", PropTags.BusinessFaxNumber, EasFieldType.Text),
        new(C, "BusinessPhoneNumber", PropTags.BusinessTelephoneNumber, EasFieldType.Text),
        new(C, "CarPhoneNumber", PropTags.CarTelephoneNumber, EasFieldType.Text),
        new(C, "CompanyName", PropTags.CompanyName, EasFieldType.Text),
        new(C, "Department", PropTags.DepartmentName, EasFieldType.Text),
        new(C, "FileAs", NamedProps.FileUnder, EasFieldType.Text),
        new(C, "FirstName", PropTags.GivenName, EasFieldType.Text),
        new(C, "Home2PhoneNumber", PropTags.Home2TelephoneNumber, EasFieldType.Text),
        new(C, "HomeAddressCity", PropTags.HomeAddressCity, EasFieldType.Text),
        new(C, "HomeAddressCountry", PropTags.HomeAddressCountry, EasFieldType.Text),
        new(C, "HomeAddressPostalCode", PropTags.HomeAddressPostalCode, EasFieldType.Text),
        new(C, "HomeAddressState", PropTags.HomeAddressStateOrProvince, EasFieldType.Text),
        new(C, "HomeAddressStreet", PropTags.HomeAddressStreet, EasFieldType.Text),
        new(C, "HomeFaxNumber", PropTags.HomeFaxNumber, EasFieldType.Text),
        new(C, "HomePhoneNumber", PropTags.HomeTelephoneNumber, EasFieldType.Text),
        new(C, "JobTitle", PropTags.Title, EasFieldType.Text),
        new(C, "LastName", PropTags.Surname, EasFieldType.Text),
        new(C, "MiddleName", PropTags.MiddleName, EasFieldType.Text),
        new(C, "MobilePhoneNumber", PropTags.MobileTelephoneNumber, EasFieldType.Text),
        new(C, "OfficeLocation", PropTags.OfficeLocation, EasFieldType.Text),
        new(C, "OtherAddressCity", PropTags.OtherAddressCity, EasFieldType.Text),
        new(C, "OtherAddressCountry", PropTags.OtherAddressCountry, EasFieldType.Text),
        new(C, "OtherAddressPostalCode", PropTags.OtherAddressPostalCode, EasFieldType.Text),
        new(C, "OtherAddressState", PropTags.OtherAddressStateOrProvince, EasFieldType.Text),
        new(C, "OtherAddressStreet", PropTags.OtherAddressStreet, EasFieldType.Text),
        new(C, "PagerNumber", PropTags.PagerTelephoneNumber, EasFieldType.Text),
        new(C, "RadioPhoneNumber", PropTags.RadioTelephoneNumber, EasFieldType.Text),
        new(C, "Spouse", PropTags.SpouseName, EasFieldType.Text),
        new(C, "Suffix", PropTags.Generation, EasFieldType.Text),
        new(C, "Title", PropTags.DisplayNamePrefix, EasFieldType.Text),
        new(C, "WebPage", NamedProps.ContactWebPage, EasFieldType.Text),
        new(C, "YomiCompanyName", NamedProps.YomiCompanyName, EasFieldType.Text),
        new(C, "YomiFirstName", NamedProps.YomiFirstName, EasFieldType.Text),
        new(C, "YomiLastName", NamedProps.YomiLastName, EasFieldType.Text),
        new(C2, "CustomerId", PropTags.CustomerId, EasFieldType.Text),
        new(C2, "GovernmentId", PropTags.GovernmentIdNumber, EasFieldType.Text),
        new(C2, "IMAddress", NamedProps.InstantMessagingAddress, EasFieldType.Text),
        new(C2, "IMAddress2", NamedProps.InstantMessagingAddress2, EasFieldType.Text),
        new(C2, "IMAddress3", NamedProps.InstantMessagingAddress3, EasFieldType.Text),
        new(C2, "ManagerName", PropTags.ManagerName, EasFieldType.Text),
        new(C2, "CompanyMainPhone", PropTags.CompanyMainTelephoneNumber, EasFieldType.Text),
        new(C2, "AccountName", PropTags.Account, EasFieldType.Text),
        new(C2, "NickName", PropTags.Nickname, EasFieldType.Text),
        new(C2, "MMS", NamedProps.MmsAddress, EasFieldType.Text),
    ];

    /// Email1Address–Email3Address (MS-OXOCNTC: PidLidEmailNEmailAddress, DisplayName, AddressType, OriginalDisplayName).
    internal static readonly (string Name, PropertyKey Address, PropertyKey DisplayName, PropertyKey AddressType, PropertyKey Original)[] Emails =
    [
        ("Email1Address", NamedProps.Email1Address, NamedProps.Email1DisplayName, NamedProps.Email1AddressType, NamedProps.Email1OriginalDisplayName),
        ("Email2Address", NamedProps.Email2Address, NamedProps.Email2DisplayName, NamedProps.Email2AddressType, NamedProps.Email2OriginalDisplayName),
        ("Email3Address", NamedProps.Email3Address, NamedProps.Email3DisplayName, NamedProps.Email3AddressType, NamedProps.Email3OriginalDisplayName),
    ];
}

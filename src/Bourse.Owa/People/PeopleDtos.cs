namespace Bourse.Owa.People;

/// The People shapes of docs/owa-api.md.
internal sealed record SuggestionDto(string Name, string Address, string Source);

internal sealed record SuggestionListDto(IReadOnlyList<SuggestionDto> Items);

internal sealed record DirectoryEntryDto(string Name, string Address, string Kind, string? Title, string? Department, string? Office, string? Phone);

internal sealed record DirectoryPageDto(IReadOnlyList<DirectoryEntryDto> Items, int Total);

internal sealed record ContactDto(string Id, string FolderId, string DisplayName, string GivenName, string Surname, string Company, string JobTitle,
    string Department, IReadOnlyList<string> Emails, string BusinessPhone, string MobilePhone, string HomePhone, string Street, string City,
    string State, string PostalCode, string Country, string? Birthday, string Notes);

internal sealed record ContactPageDto(IReadOnlyList<ContactDto> Items, int Total);

/// The body of POST and PUT /contacts: a Contact without its id.
internal sealed class ContactInput
{
    public string? FolderId { get; init; }
    public string? DisplayName { get; init; }
    public string? GivenName { get; init; }
    public string? Surname { get; init; }
    public string? Company { get; init; }
    public string? JobTitle { get; init; }
    public string? Department { get; init; }
    public List<string>? Emails { get; init; }
    public string? BusinessPhone { get; init; }
    public string? MobilePhone { get; init; }
    public string? HomePhone { get; init; }
    public string? Street { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string? Birthday { get; init; }
    public string? Notes { get; init; }
}

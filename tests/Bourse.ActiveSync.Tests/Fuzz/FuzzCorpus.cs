using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>One valid request the fuzzer starts from, with what its unmutated answer must look like.</summary>
internal sealed record FuzzSeed(string Name, FuzzRequest Request, WbxmlElement? Tree, Func<FuzzResponse, string?> Expect);

/// <summary>
/// Valid requests for every ActiveSync command, shaped as MS-ASCMD describes them (section numbers on each), built
/// against the current state of alice's mailbox so that they succeed when sent unmutated: keys come from a real
/// FolderSync/Sync of the command's own device, items and folders are created for each round.
/// </summary>
internal static class FuzzCorpus
{
    /// The protocol version each command's device speaks (Find exists from 16.1).
    internal static string VersionOf(string command) => command switch
    {
        "Find" => "16.1",
        "GetAttachment" => "12.1",
        _ => "14.1",
    };

    internal static string DeviceIdOf(string command) => "Fz" + command;

    internal static async Task<List<FuzzSeed>> BuildAsync(FuzzHost host, string command, int round)
    {
        var device = await host.DeviceAsync(DeviceIdOf(command), VersionOf(command));
        var seeds = new List<FuzzSeed>();
        void Add(string name, WbxmlElement? tree, Func<FuzzResponse, string?>? expect = null, string? version = null, string? extraQuery = null,
            IEnumerable<KeyValuePair<string, string>>? headers = null)
        {
            var request = FuzzHost.Request(device, command, tree is null ? [] : WbxmlEncoder.Encode(tree), version, FuzzRequest.Wbxml, extraQuery);
            foreach (var h in headers ?? [])
                request = request.WithHeader(h.Key, h.Value);
            seeds.Add(new FuzzSeed($"{command}/{name}", request, tree, expect ?? Ok("1")));
        }

        void AddRaw(string name, byte[] body, string contentType, Func<FuzzResponse, string?> expect, string version, string? extraQuery) =>
            seeds.Add(new FuzzSeed($"{command}/{name}", FuzzHost.Request(device, command, body, version, contentType, extraQuery), null, expect));

        var tag = $"r{round}";
        switch (command)
        {
            case "Provision":
            {
                // MS-ASPROV 3.1.5.1.1: phase one, with the 14.1 DeviceInformation (MS-ASCMD 2.2.3.47.1) riding along.
                Add("download", Wb.E("Provision:Provision", DeviceInformation(),
                    Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML")))));
                Add("download-12.1", Wb.E("Provision:Provision",
                    Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML")))), version: "12.1");
                // Phase two acknowledges a temporary key (MS-ASPROV 3.1.5.1.2).
                var first = await device.SendAsync("Provision", Wb.E("Provision:Provision",
                    Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML")))));
                var temporary = first.Root!.Find("Provision:PolicyKey")!.Text!;
                Add("acknowledge", Wb.E("Provision:Provision", Wb.E("Provision:Policies", Wb.E("Provision:Policy",
                    Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML"), Wb.E("Provision:PolicyKey", temporary), Wb.E("Provision:Status", "1")))));
                break;
            }

            case "FolderSync":
            {
                // MS-ASCMD 2.2.1.5: the initial hierarchy (SyncKey 0) and the changes since a key.
                Add("initial", FolderSync("0"));
                Add("changes", FolderSync(await HierarchyKeyAsync(device)));
                break;
            }

            case "FolderCreate":
            {
                // MS-ASCMD 2.2.1.3: SyncKey, ParentId ("0" is the root), DisplayName, Type (12 mail, 14 contacts).
                var key = await HierarchyKeyAsync(device);
                Add("top", Wb.E("FolderHierarchy:FolderCreate", Wb.E("FolderHierarchy:SyncKey", key), Wb.E("FolderHierarchy:ParentId", "0"),
                    Wb.E("FolderHierarchy:DisplayName", $"Fz {tag} top"), Wb.E("FolderHierarchy:Type", "12")));
                Add("sub", Wb.E("FolderHierarchy:FolderCreate", Wb.E("FolderHierarchy:SyncKey", key), Wb.E("FolderHierarchy:ParentId", host.Projects),
                    Wb.E("FolderHierarchy:DisplayName", $"Fz {tag} contacts"), Wb.E("FolderHierarchy:Type", "14")));
                break;
            }

            case "FolderUpdate":
            {
                // MS-ASCMD 2.2.1.6: rename in place, and move under another folder.
                var a = await host.CreateFolderAsync($"FzU {tag} a");
                var b = await host.CreateFolderAsync($"FzU {tag} b");
                var key = await HierarchyKeyAsync(device);
                Add("rename", Wb.E("FolderHierarchy:FolderUpdate", Wb.E("FolderHierarchy:SyncKey", key), Wb.E("FolderHierarchy:ServerId", a),
                    Wb.E("FolderHierarchy:ParentId", "0"), Wb.E("FolderHierarchy:DisplayName", $"FzU {tag} renamed")));
                Add("move", Wb.E("FolderHierarchy:FolderUpdate", Wb.E("FolderHierarchy:SyncKey", key), Wb.E("FolderHierarchy:ServerId", b),
                    Wb.E("FolderHierarchy:ParentId", host.Projects), Wb.E("FolderHierarchy:DisplayName", $"FzU {tag} b")));
                break;
            }

            case "FolderDelete":
            {
                // MS-ASCMD 2.2.1.4: SyncKey and the ServerId of a folder the user made.
                // Fresh folders each round: the mutations may delete any folder the user made, "Fuzz Projects" included.
                var a = await host.CreateFolderAsync($"FzD {tag} a");
                var b = await host.CreateFolderAsync($"FzD {tag} b", a);
                var key = await HierarchyKeyAsync(device);
                Add("delete-child", Wb.E("FolderHierarchy:FolderDelete", Wb.E("FolderHierarchy:SyncKey", key), Wb.E("FolderHierarchy:ServerId", b)));
                Add("delete", Wb.E("FolderHierarchy:FolderDelete", Wb.E("FolderHierarchy:SyncKey", key), Wb.E("FolderHierarchy:ServerId", a)));
                break;
            }

            case "Sync":
            {
                await HierarchyKeyAsync(device);
                var targets = new List<string>();
                for (var i = 0; i < 3; i++)
                    targets.Add(await host.DeliverAsync("alice", $"Fz sync {tag} {i}", "Sync target."));
                var key = await SyncKeyAsync(device, host.Inbox);
                var contactsKey = await SyncKeyAsync(device, host.Contacts, full: false);
                // MS-ASCMD 2.2.1.21: a collection with its options (BodyPreference per MS-ASAIRS 2.2.2.7) and device changes:
                // a Change of the read flag and flag (MS-ASEMAIL 2.2.2.43/2.2.2.68), a Fetch, a Delete moved to Deleted Items.
                Add("change-fetch", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection",
                    Wb.E("AirSync:SyncKey", key), Wb.E("AirSync:CollectionId", host.Inbox), Wb.E("AirSync:DeletesAsMoves", "1"),
                    Wb.E("AirSync:GetChanges", "1"), Wb.E("AirSync:WindowSize", "25"),
                    Wb.E("AirSync:Options", Wb.E("AirSync:FilterType", "0"),
                        Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "2"), Wb.E("AirSyncBase:TruncationSize", "5120"), Wb.E("AirSyncBase:AllOrNone", "0")),
                        Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:TruncationSize", "512")),
                        Wb.E("AirSync:MIMESupport", "0")),
                    Wb.E("AirSync:Commands",
                        Wb.E("AirSync:Change", Wb.E("AirSync:ServerId", targets[0]), Wb.E("AirSync:ApplicationData",
                            Wb.E("Email:Read", "1"), Wb.E("Email:Flag", Wb.E("Email:FlagStatus", "2"), Wb.E("Email:FlagType", "Follow up")))),
                        Wb.E("AirSync:Fetch", Wb.E("AirSync:ServerId", targets[1])))))), Sync);
                Add("delete", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection",
                    Wb.E("AirSync:SyncKey", key), Wb.E("AirSync:CollectionId", host.Inbox), Wb.E("AirSync:DeletesAsMoves", "1"),
                    Wb.E("AirSync:Commands", Wb.E("AirSync:Delete", Wb.E("AirSync:ServerId", targets[2])))))), Sync);
                // A contact added by the device (MS-ASCNTC 2.2.2), and two collections at 16.1 with MIME bodies.
                Add("contact-add", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection",
                    Wb.E("AirSync:SyncKey", contactsKey), Wb.E("AirSync:CollectionId", host.Contacts),
                    Wb.E("AirSync:Commands", Wb.E("AirSync:Add", Wb.E("AirSync:ClientId", $"c{tag}"), Wb.E("AirSync:ApplicationData",
                        Wb.E("Contacts:FirstName", "Ada"), Wb.E("Contacts:LastName", "Lovelace"), Wb.E("Contacts:Email1Address", "ada@example.com"))))))), Sync);
                Add("two-collections-16.1", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections",
                    Wb.E("AirSync:Collection", Wb.E("AirSync:SyncKey", key), Wb.E("AirSync:CollectionId", host.Inbox),
                        Wb.E("AirSync:Options", Wb.E("AirSync:MIMESupport", "2"),
                            Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "4"), Wb.E("AirSyncBase:TruncationSize", "1000")))),
                    Wb.E("AirSync:Collection", Wb.E("AirSync:SyncKey", contactsKey), Wb.E("AirSync:CollectionId", host.Contacts))),
                    Wb.E("AirSync:WindowSize", "100")), Sync, version: "16.1");
                Add("calendar-initial", FuzzHost.SyncRequest(host.Calendar, "0", Wb.E("AirSync:Options", Wb.E("AirSync:FilterType", "4"))), Sync);
                // MS-ASCMD 2.2.1.21.1: an empty body stands for the cached request.
                Add("empty", null, Sync);
                break;
            }

            case "GetItemEstimate":
            {
                await HierarchyKeyAsync(device);
                var key = await SyncKeyAsync(device, host.Inbox, full: false);
                var contactsKey = await SyncKeyAsync(device, host.Contacts, full: false);
                // MS-ASCMD 2.2.1.9: 14.x puts SyncKey and Options in AirSync; 12.1 names the Class and FilterType directly.
                Add("inbox", Wb.E("GetItemEstimate:GetItemEstimate", Wb.E("GetItemEstimate:Collections",
                    Wb.E("GetItemEstimate:Collection", Wb.E("AirSync:SyncKey", key), Wb.E("GetItemEstimate:CollectionId", host.Inbox),
                        Wb.E("AirSync:Options", Wb.E("AirSync:FilterType", "0"))),
                    Wb.E("GetItemEstimate:Collection", Wb.E("AirSync:SyncKey", contactsKey), Wb.E("GetItemEstimate:CollectionId", host.Contacts)))));
                Add("12.1", Wb.E("GetItemEstimate:GetItemEstimate", Wb.E("GetItemEstimate:Collections",
                    Wb.E("GetItemEstimate:Collection", Wb.E("GetItemEstimate:Class", "Email"), Wb.E("AirSync:SyncKey", key),
                        Wb.E("GetItemEstimate:CollectionId", host.Inbox), Wb.E("AirSync:FilterType", "0")))), version: "12.1");
                break;
            }

            case "Ping":
            {
                // A change the device has not synced yet answers a Ping at once (MS-ASCMD 3.1.5.8): no waiting in the fuzz loop.
                await HierarchyKeyAsync(device);
                await SyncKeyAsync(device, host.Inbox);
                await host.DeliverAsync("alice", $"Fz ping {tag}", "Wakes the Ping.");
                // MS-ASCMD 2.2.1.13: HeartbeatInterval in seconds and the folders to watch, each with its class.
                Add("folders", Wb.E("Ping:Ping", Wb.E("Ping:HeartbeatInterval", "1"), Wb.E("Ping:Folders",
                    Wb.E("Ping:Folder", Wb.E("Ping:Id", host.Inbox), Wb.E("Ping:Class", "Email")),
                    Wb.E("Ping:Folder", Wb.E("Ping:Id", host.Contacts), Wb.E("Ping:Class", "Contacts")))), Ok("1", "2"));
                Add("folders-only", Wb.E("Ping:Ping", Wb.E("Ping:Folders", Wb.E("Ping:Folder", Wb.E("Ping:Id", host.Inbox), Wb.E("Ping:Class", "Email")))), Ok("1", "2"));
                Add("empty", null, Ok("1", "2"));
                break;
            }

            case "SendMail":
            {
                // MS-ASCMD 2.2.1.17: ClientId, SaveInSentItems and the message as OPAQUE Mime; 12.1 posts the message itself.
                Add("wbxml", Wb.E("ComposeMail:SendMail", Wb.E("ComposeMail:ClientId", $"fz-send-{tag}"), Wb.E("ComposeMail:SaveInSentItems"),
                    Wb.E("ComposeMail:Mime", Mime($"Send {tag}"))), Empty);
                Add("wbxml-16.1", Wb.E("ComposeMail:SendMail", Wb.E("ComposeMail:ClientId", $"fz-send16-{tag}"),
                    Wb.E("ComposeMail:Mime", Mime($"Send16 {tag}"))), Empty, version: "16.1");
                AddRaw("rfc822-12.1", Mime($"Raw {tag}"), "message/rfc822", Empty, "12.1", "&SaveInSent=T");
                break;
            }

            case "SmartReply":
            case "SmartForward":
            {
                var original = await host.DeliverAsync("alice", $"Fz original {tag}", "Please answer.");
                var root = "ComposeMail:" + command;
                // MS-ASCMD 2.2.1.19/2.2.1.20: the Source names the original by FolderId and ItemId (or LongId).
                Add("wbxml", Wb.E(root, Wb.E("ComposeMail:ClientId", $"fz-{command}-{tag}"), Wb.E("ComposeMail:SaveInSentItems"),
                    Wb.E("ComposeMail:Source", Wb.E("ComposeMail:FolderId", host.Inbox), Wb.E("ComposeMail:ItemId", original)),
                    Wb.E("ComposeMail:Mime", Mime($"Re {tag}"))), Empty);
                Add("replace-mime", Wb.E(root, Wb.E("ComposeMail:ClientId", $"fz-{command}-rm-{tag}"),
                    Wb.E("ComposeMail:Source", Wb.E("ComposeMail:LongId", original)), Wb.E("ComposeMail:ReplaceMime"),
                    Wb.E("ComposeMail:Mime", Mime($"Re full {tag}"))), Empty);
                AddRaw("rfc822-12.1", Mime($"Re raw {tag}"), "message/rfc822", Empty, "12.1",
                    $"&ItemId={Uri.EscapeDataString(original)}&CollectionId={host.Inbox}&SaveInSent=T");
                break;
            }

            case "MoveItems":
            {
                var a = await host.DeliverAsync("alice", $"Fz move {tag} a", "Moves.");
                var b = await host.DeliverAsync("alice", $"Fz move {tag} b", "Moves.");
                var c = await host.DeliverAsync("alice", $"Fz move {tag} c", "Moves.");
                // MS-ASCMD 2.2.1.12: one Move per item; each answer is a Response with Status 3 on success.
                Add("one", Wb.E("Move:MoveItems", Move(a, host.Inbox, host.Projects)), Moved);
                Add("two", Wb.E("Move:MoveItems", Move(b, host.Inbox, host.Projects), Move(c, host.Inbox, host.Deleted)), Moved);
                break;
            }

            case "ItemOperations":
            {
                var item = await host.DeliverAsync("alice", $"Fz fetch {tag}", "Fetch me.");
                var reference = await host.DeliverAttachmentAsync("alice", $"Fz attachment {tag}", "See attached.");
                var scratch = await host.CreateFolderAsync($"FzE {tag}");
                await host.CreateFolderAsync($"FzE {tag} child", scratch);
                // MS-ASCMD 2.2.1.10: Fetch of an item by CollectionId/ServerId and by LongId, of an attachment by FileReference with a
                // Range, EmptyFolderContents with DeleteSubFolders; and the same as a multipart answer (MS-ASCMD 2.2.1.10.1).
                var fetchItem = Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSync:CollectionId", host.Inbox),
                    Wb.E("AirSync:ServerId", item), Wb.E("ItemOperations:Options",
                        Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "2"), Wb.E("AirSyncBase:TruncationSize", "2048"))));
                var fetchAttachment = Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSyncBase:FileReference", reference),
                    Wb.E("ItemOperations:Options", Wb.E("ItemOperations:Range", "0-9")));
                Add("fetch-item", Wb.E("ItemOperations:ItemOperations", fetchItem));
                Add("fetch-attachment", Wb.E("ItemOperations:ItemOperations", fetchAttachment));
                Add("fetch-longid-mime", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"),
                    Wb.E("Search:LongId", item), Wb.E("ItemOperations:Options", Wb.E("AirSync:MIMESupport", "2"),
                        Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "4"))))));
                Add("empty-folder", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:EmptyFolderContents",
                    Wb.E("AirSync:CollectionId", scratch), Wb.E("ItemOperations:Options", Wb.E("ItemOperations:DeleteSubFolders")))));
                Add("multipart", Wb.E("ItemOperations:ItemOperations",
                        Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSyncBase:FileReference", reference)),
                        Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSync:CollectionId", host.Inbox), Wb.E("AirSync:ServerId", item))),
                    r => r.Status == 200 && r.ContentType == "application/vnd.ms-sync.multipart" ? null : $"expected a multipart answer, got {r}",
                    headers: [new("MS-ASAcceptMultiPart", "T")]);
                break;
            }

            case "GetAttachment":
            {
                // MS-ASCMD 2.2.1.8: no body; the FileReference travels as AttachmentName on the request line. The command exists up
                // to 12.1; from 14.0 ItemOperations replaces it and the answer is 501.
                var reference = await host.DeliverAttachmentAsync("alice", $"Fz getattachment {tag}", "See attached.");
                AddRaw("12.1", [], FuzzRequest.Wbxml, r => r.Status == 200 && r.Body.Length > 0 ? null : $"expected the attachment, got {r}", "12.1",
                    $"&AttachmentName={Uri.EscapeDataString(reference)}");
                AddRaw("14.1", [], FuzzRequest.Wbxml, r => r.Status == 501 ? null : $"expected 501, got {r}", "14.1",
                    $"&AttachmentName={Uri.EscapeDataString(reference)}");
                break;
            }

            case "Settings":
            {
                // MS-ASCMD 2.2.1.18: Oof Get/Set, DeviceInformation Set, UserInformation Get, DevicePassword Set, RightsManagementInformation Get.
                Add("get", Wb.E("Settings:Settings", Wb.E("Settings:Oof", Wb.E("Settings:Get", Wb.E("Settings:BodyType", "Text"))),
                    Wb.E("Settings:UserInformation", Wb.E("Settings:Get")), DeviceInformation(),
                    Wb.E("Settings:RightsManagementInformation", Wb.E("Settings:Get"))));
                Add("oof-set", Wb.E("Settings:Settings", Wb.E("Settings:Oof", Wb.E("Settings:Set",
                    Wb.E("Settings:OofState", "2"), Wb.E("Settings:StartTime", "2030-07-01T08:00:00.000Z"), Wb.E("Settings:EndTime", "2030-07-15T18:00:00.000Z"),
                    Wb.E("Settings:OofMessage", Wb.E("Settings:AppliesToInternal"), Wb.E("Settings:Enabled", "1"),
                        Wb.E("Settings:ReplyMessage", "Away"), Wb.E("Settings:BodyType", "Text")),
                    Wb.E("Settings:OofMessage", Wb.E("Settings:AppliesToExternalUnknown"), Wb.E("Settings:Enabled", "0"))))));
                Add("device-password", Wb.E("Settings:Settings", Wb.E("Settings:DevicePassword", Wb.E("Settings:Set", Wb.E("Settings:Password", "1234")))));
                break;
            }

            case "Search":
            {
                // MS-ASCMD 2.2.1.16: a mailbox query (And of FreeText and a CollectionId) with Range and body options; a GAL query.
                // "zeppelin" is in bob's mail too: his items must never come back.
                Add("mailbox", Wb.E("Search:Search", Wb.E("Search:Store", Wb.E("Search:Name", "Mailbox"),
                    Wb.E("Search:Query", Wb.E("Search:And", Wb.E("AirSync:Class", "Email"), Wb.E("AirSync:CollectionId", host.Inbox),
                        Wb.E("Search:FreeText", "zeppelin"))),
                    Wb.E("Search:Options", Wb.E("Search:Range", "0-9"), Wb.E("Search:DeepTraversal"), Wb.E("Search:RebuildResults"),
                        Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:TruncationSize", "100"))))));
                Add("gal", Wb.E("Search:Search", Wb.E("Search:Store", Wb.E("Search:Name", "GAL"), Wb.E("Search:Query", "ali"),
                    Wb.E("Search:Options", Wb.E("Search:Range", "0-4")))));
                break;
            }

            case "ResolveRecipients":
            {
                // MS-ASCMD 2.2.1.15: recipients to resolve, with certificates and availability asked for.
                Add("resolve", Wb.E("ResolveRecipients:ResolveRecipients", Wb.E("ResolveRecipients:To", $"bob@{EasTestServer.Domain}"),
                    Wb.E("ResolveRecipients:To", "ali"), Wb.E("ResolveRecipients:To", "carol@example.com"),
                    Wb.E("ResolveRecipients:Options", Wb.E("ResolveRecipients:CertificateRetrieval", "1"), Wb.E("ResolveRecipients:MaxAmbiguousRecipients", "3"),
                        Wb.E("ResolveRecipients:Availability", Wb.E("ResolveRecipients:StartTime", "2030-03-10T08:00:00.000Z"),
                            Wb.E("ResolveRecipients:EndTime", "2030-03-10T18:00:00.000Z")))));
                break;
            }

            case "ValidateCert":
            {
                // MS-ASCMD 2.2.1.22: base64 DER certificates, a chain, CheckCRL.
                var (leaf, issuer) = TestCertificates.Value;
                Add("validate", Wb.E("ValidateCert:ValidateCert", Wb.E("ValidateCert:CertificateChain", Wb.E("ValidateCert:Certificate", issuer)),
                    Wb.E("ValidateCert:Certificates", Wb.E("ValidateCert:Certificate", leaf)), Wb.E("ValidateCert:CheckCRL", "0")));
                break;
            }

            case "Find":
            {
                // MS-ASCMD 2.2.1.2 (16.1): a mailbox criterion and a GAL criterion.
                Add("mailbox", Wb.E("Find:Find", Wb.E("Find:SearchId", "8B2C1F80-5B8B-4E47-9C84-1A4B1A3C0001"), Wb.E("Find:ExecuteSearch",
                    Wb.E("Find:MailBoxSearchCriterion", Wb.E("Find:Query", Wb.E("AirSync:Class", "Email"), Wb.E("AirSync:CollectionId", host.Inbox),
                        Wb.E("Find:FreeText", "orchid")), Wb.E("Find:Options", Wb.E("Find:Range", "0-9"), Wb.E("Find:DeepTraversal"))))));
                Add("gal", Wb.E("Find:Find", Wb.E("Find:SearchId", "8B2C1F80-5B8B-4E47-9C84-1A4B1A3C0002"), Wb.E("Find:ExecuteSearch",
                    Wb.E("Find:GalSearchCriterion", Wb.E("Find:Query", Wb.E("Find:FreeText", "bob")), Wb.E("Find:Options", Wb.E("Find:Range", "0-4"))))));
                break;
            }

            case "MeetingResponse":
            {
                var request = await host.DeliverMeetingAsync("alice", $"Fz meeting {tag}");
                // MS-ASCMD 2.2.1.11: accept (1) the meeting request in the Inbox.
                Add("accept", Wb.E("MeetingResponse:MeetingResponse", Wb.E("MeetingResponse:Request", Wb.E("MeetingResponse:UserResponse", "1"),
                    Wb.E("MeetingResponse:CollectionId", host.Inbox), Wb.E("MeetingResponse:RequestId", request))), MeetingAnswered);
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "no corpus for this command");
        }

        return seeds;
    }

    /// HTTP 200 and a top-level Status among <paramref name="statuses"/> (or none at all).
    internal static Func<FuzzResponse, string?> Ok(params string[] statuses) => r =>
    {
        if (r.Status != 200)
            return $"expected HTTP 200, got {r}";
        if (r.Body.Length == 0 || r.ContentType != FuzzRequest.Wbxml)
            return null;
        var root = WbxmlDecoder.Decode(r.Body).Root;
        var status = root is null ? "undecodable" : ResponseOracle.TopStatus(root);
        return status is null || statuses.Contains(status) ? null : $"expected Status {string.Join("/", statuses)}, got {status}: {root}";
    };

    /// MS-ASCMD 2.2.3.177.14/16: a successful SendMail, SmartReply or SmartForward has an empty body.
    private static string? Empty(FuzzResponse r) => r.Status == 200 && r.Body.Length == 0 ? null : $"expected an empty 200, got {r}: {Render(r)}";

    /// MS-ASCMD 2.2.1.21: every collection answers Status 1 (or the response is empty: nothing to report).
    private static string? Sync(FuzzResponse r)
    {
        if (r.Status != 200)
            return $"expected HTTP 200, got {r}";
        if (r.Body.Length == 0)
            return null;
        var root = WbxmlDecoder.Decode(r.Body).Root;
        var statuses = root?.FindAll("AirSync:Collection").Select(c => c.Value("AirSync:Status")).ToList();
        return root is not null && ResponseOracle.TopStatus(root) is null && statuses!.All(s => s == "1") ? null : $"expected Status 1: {root}";
    }

    /// MS-ASCMD 2.2.3.177.10: Status 3 in every Response.
    private static string? Moved(FuzzResponse r)
    {
        var root = r.Status == 200 ? WbxmlDecoder.Decode(r.Body).Root : null;
        return root is not null && root.FindAll("Move:Status").All(s => s.Text == "3") ? null : $"expected Status 3: {r} {root}";
    }

    /// <summary>
    /// MS-ASCMD 2.2.3.177.8: a Result with Status 1 — or 2 (invalid meeting request): delivery does not yet turn an iCalendar
    /// REQUEST into an IPM.Schedule.Meeting.Request item, so the request may not be recognised as one.
    /// </summary>
    private static string? MeetingAnswered(FuzzResponse r)
    {
        var root = r.Status == 200 ? WbxmlDecoder.Decode(r.Body).Root : null;
        return root?.Find("MeetingResponse:Result")?.Value("MeetingResponse:Status") is "1" or "2" ? null : $"expected a Result with Status 1 or 2: {r} {root}";
    }

    private static string Render(FuzzResponse r) =>
        r.ContentType == FuzzRequest.Wbxml && WbxmlDecoder.Decode(r.Body).Root is { } root ? root.ToString() : "";

    private static WbxmlElement FolderSync(string key) => Wb.E("FolderHierarchy:FolderSync", Wb.E("FolderHierarchy:SyncKey", key));

    private static WbxmlElement Move(string item, string from, string to) =>
        Wb.E("Move:Move", Wb.E("Move:SrcMsgId", item), Wb.E("Move:SrcFldId", from), Wb.E("Move:DstFldId", to));

    private static WbxmlElement DeviceInformation() => Wb.E("Settings:DeviceInformation", Wb.E("Settings:Set",
        Wb.E("Settings:Model", "Fuzzer 1"), Wb.E("Settings:IMEI", "356938035643809"), Wb.E("Settings:FriendlyName", "Fuzz phone"),
        Wb.E("Settings:OS", "FuzzOS 1.0"), Wb.E("Settings:OSLanguage", "English"), Wb.E("Settings:PhoneNumber", "+15550100"),
        Wb.E("Settings:UserAgent", "BourseFuzz/1.0"), Wb.E("Settings:EnableOutboundSMS", "0"), Wb.E("Settings:MobileOperator", "Fuzz Mobile")));

    /// A message from alice to alice.
    private static byte[] Mime(string subject) => Encoding.UTF8.GetBytes(
        $"From: Alice <alice@{EasTestServer.Domain}>\r\nTo: Alice <alice@{EasTestServer.Domain}>\r\nSubject: Fz {subject}\r\n" +
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSent by the fuzzer.\r\n");

    /// A fresh hierarchy key for the device: FolderSync from 0 (which also drops its collection states).
    private static async Task<string> HierarchyKeyAsync(EasDevice device)
    {
        var r = await device.FolderSyncAsync();
        Assert.True(r.TopStatus == "1", r.ToString());
        return r.Root!.Value("FolderHierarchy:SyncKey")!;
    }

    /// A collection key: the initial Sync, then (when <paramref name="full"/>) every item, until nothing more is available.
    private static async Task<string> SyncKeyAsync(EasDevice device, string collectionId, bool full = true)
    {
        var key = "0";
        for (var i = 0; i < 50; i++)
        {
            var r = await device.SendAsync("Sync", FuzzHost.SyncRequest(collectionId, key, Wb.E("AirSync:WindowSize", "512")));
            if (r.Root is null)
                return key;
            var collection = r.Root.Find("AirSync:Collection");
            Assert.True(collection?.Value("AirSync:Status") == "1", r.ToString());
            key = collection!.Value("AirSync:SyncKey")!;
            if (!full || collection.Element("AirSync", "MoreAvailable") is null && i > 0)
                return key;
        }

        return key;
    }

    private static readonly Lazy<(string Leaf, string Issuer)> TestCertificates = new(Certificates);

    private static (string Leaf, string Issuer) Certificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Fuzz CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest($"CN=alice@{EasTestServer.Domain}", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), [1, 2, 3, 4]);
        return (Convert.ToBase64String(leaf.RawData), Convert.ToBase64String(ca.RawData));
    }
}

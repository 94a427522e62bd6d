using System.Xml.Linq;
using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Codec;

/// libwbxml2 as an independent codec: what it encodes we decode to the same tree, and what we encode it decodes back.
/// Naming differences between libwbxml2 and MS-ASWBXML are listed (and mapped) in <see cref="LibWbxml"/>.
public sealed class LibWbxmlInteropTests
{
    // Tokens MS-ASWBXML defines that libwbxml2 0.11.8 does not know (it prints them as "unknown").
    private static readonly HashSet<(string, string)> MissingInLibWbxml =
    [
        ("MeetingResponse", "ProposedStartTime"), ("MeetingResponse", "ProposedEndTime"), ("Provision", "AccountOnlyRemoteWipe"),
    ];

    private const string Mime = "RnJvbTogYUBleGFtcGxlLmNvbQ0KVG86IGJAZXhhbXBsZS5jb20NClN1YmplY3Q6IGhpDQoNCmJvZHkNCg==";

    private static readonly string[] Requests =
    [
        // FolderSync, initial.
        "<FolderSync xmlns=\"FolderHierarchy:\"><SyncKey>0</SyncKey></FolderSync>",
        // FolderSync response with changes.
        "<FolderSync xmlns=\"FolderHierarchy:\"><Status>1</Status><SyncKey>1</SyncKey><Changes><Count>2</Count>"
            + "<Add><ServerId>1</ServerId><ParentId>0</ParentId><DisplayName>Inbox</DisplayName><Type>2</Type></Add>"
            + "<Add><ServerId>2</ServerId><ParentId>0</ParentId><DisplayName>Éléments envoyés</DisplayName><Type>5</Type></Add>"
            + "</Changes></FolderSync>",
        // Sync with Collections, Options, Commands and ApplicationData over several pages.
        "<Sync xmlns=\"AirSync:\" xmlns:b=\"AirSyncBase:\" xmlns:e=\"Email:\" xmlns:t=\"Tasks:\" xmlns:c=\"Contacts:\"><Collections>"
            + "<Collection><SyncKey>1</SyncKey><CollectionId>1</CollectionId><DeletesAsMoves>1</DeletesAsMoves><GetChanges/>"
            + "<WindowSize>100</WindowSize><Options><FilterType>3</FilterType><b:BodyPreference><b:Type>2</b:Type>"
            + "<b:TruncationSize>51200</b:TruncationSize><b:AllOrNone>0</b:AllOrNone></b:BodyPreference><MIMESupport>0</MIMESupport></Options>"
            + "<Commands><Change><ServerId>1:17</ServerId><ApplicationData><e:Read>1</e:Read><e:Flag><e:FlagStatus>2</e:FlagStatus>"
            + "</e:Flag></ApplicationData></Change><Delete><ServerId>1:18</ServerId></Delete>"
            + "<Fetch><ServerId>1:19</ServerId></Fetch></Commands></Collection>"
            + "<Collection><SyncKey>4</SyncKey><CollectionId>9</CollectionId><Commands><Add><ClientId>77</ClientId><ApplicationData>"
            + "<c:FirstName>Zoë</c:FirstName><c:LastName>Ω</c:LastName><c:Email1Address>z@example.com</c:Email1Address>"
            + "<c:Categories><c:Category>Friends</c:Category></c:Categories></ApplicationData></Add>"
            + "<Add><ClientId>78</ClientId><ApplicationData><t:Subject>Buy milk</t:Subject><t:Importance>1</t:Importance>"
            + "<t:Complete>0</t:Complete></ApplicationData></Add></Commands></Collection></Collections>"
            + "<WindowSize>512</WindowSize></Sync>",
        // Ping.
        "<Ping xmlns=\"Ping:\"><HeartbeatInterval>480</HeartbeatInterval><Folders><Folder><Id>1</Id><Class>Email</Class></Folder>"
            + "<Folder><Id>9</Id><Class>Contacts</Class></Folder></Folders></Ping>",
        // Provision, first phase with DeviceInformation, then the acknowledgement.
        "<Provision xmlns=\"Provision:\" xmlns:s=\"Settings:\"><s:DeviceInformation><s:Set><s:Model>iPhone</s:Model>"
            + "<s:OS>iOS 18.1</s:OS><s:FriendlyName>Phone</s:FriendlyName><s:UserAgent>Apple-iPhone/2201</s:UserAgent></s:Set>"
            + "</s:DeviceInformation><Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType></Policy></Policies></Provision>",
        "<Provision xmlns=\"Provision:\"><Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType>"
            + "<PolicyKey>3942919513</PolicyKey><Status>1</Status></Policy></Policies></Provision>",
        // SendMail with MIME (libwbxml2 calls ComposeMail Mime "MIME" and carries it as base64 → OPAQUE).
        "<SendMail xmlns=\"ComposeMail:\"><ClientId>SendMail-3871</ClientId><SaveInSentItems/><MIME>" + Mime + "</MIME></SendMail>",
        // ItemOperations Fetch of an attachment and EmptyFolderContents.
        "<ItemOperations xmlns=\"ItemOperations:\" xmlns:b=\"AirSyncBase:\" xmlns:a=\"AirSync:\"><Fetch><Store>Mailbox</Store>"
            + "<b:FileReference>1%3a17%3a0</b:FileReference><Options><Range>0-1023</Range></Options></Fetch>"
            + "<EmptyFolderContents><a:CollectionId>3</a:CollectionId><Options><DeleteSubFolders/></Options></EmptyFolderContents>"
            + "</ItemOperations>",
        // Settings: Oof get, UserInformation get, DeviceInformation set.
        "<Settings xmlns=\"Settings:\"><Oof><Get><BodyType>Text</BodyType></Get></Oof><UserInformation><Get/></UserInformation>"
            + "<DeviceInformation><Set><Model>SM-S918B</Model><IMEI>350000000000000</IMEI><OSLanguage>English</OSLanguage>"
            + "<MobileOperator>Orange</MobileOperator></Set></DeviceInformation></Settings>",
        // GetItemEstimate, MoveItems, Search (GAL) and an Email2 opaque ConversationId.
        "<GetItemEstimate xmlns=\"GetItemEstimate:\" xmlns:a=\"AirSync:\"><Collections><Collection><a:SyncKey>3</a:SyncKey>"
            + "<CollectionId>1</CollectionId><a:Options><a:FilterType>0</a:FilterType></a:Options></Collection></Collections></GetItemEstimate>",
        "<MoveItems xmlns=\"Move:\"><Move><SrcMsgId>1:17</SrcMsgId><SrcFldId>1</SrcFldId><DstFldId>4</DstFldId></Move></MoveItems>",
        "<Search xmlns=\"Search:\"><Store><Name>GAL</Name><Query>ali</Query><Options><Range>0-9</Range></Options></Store></Search>",
        "<Sync xmlns=\"AirSync:\" xmlns:e2=\"Email2:\" xmlns:e=\"Email:\"><Collections><Collection><SyncKey>2</SyncKey>"
            + "<CollectionId>1</CollectionId><Commands><Add><ServerId>1:5</ServerId><ApplicationData><e:Subject>x</e:Subject>"
            + "<e2:ConversationId>q83vASNFZ4mrze8BI0VniQ==</e2:ConversationId></ApplicationData></Add></Commands></Collection>"
            + "</Collections></Sync>",
    ];

    [LibWbxmlFact]
    public void CodePageTablesAgreeWithLibWbxmlExceptForDocumentedNames()
    {
        var mismatches = new List<string>();
        foreach (var page in WbxmlCodePages.All.Where(p => p.Number != 25))
        {
            // One document per page: the page's first tag holding every tag of the page as an empty child.
            var tags = page.Tags.OrderBy(t => t.Value).ToList();
            var root = new WbxmlElement(page.Namespace, tags[0].Key);
            foreach (var tag in tags)
            {
                root.Add(new WbxmlElement(page.Namespace, tag.Key));
            }

            var xml = LibWbxml.WbxmlToXml(WbxmlEncoder.Encode(root));
            var children = xml.Elements().ToList();
            Assert.Equal(tags.Count, children.Count);
            for (var i = 0; i < tags.Count; i++)
            {
                var ours = tags[i].Key;
                var theirs = children[i].Name.LocalName;
                if (theirs == "unknown" && MissingInLibWbxml.Contains((page.Namespace, ours)))
                {
                    continue;
                }

                if (LibWbxml.SpecNamespace(children[i].Name.NamespaceName) != page.Namespace
                    || LibWbxml.SpecName(page.Namespace, theirs) != ours)
                {
                    mismatches.Add($"{page.Number}/0x{tags[i].Value:X2}: ours {page.Namespace}:{ours}, libwbxml {children[i].Name}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [LibWbxmlFact]
    public void WhatLibWbxmlEncodesWeDecodeToTheSameTree()
    {
        foreach (var request in Requests)
        {
            var xml = request;
            var expected = LibWbxml.ToElement(XElement.Parse(xml));
            var bytes = LibWbxml.XmlToWbxml("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + LibWbxml.DocType + "\n" + xml);

            var result = WbxmlDecoder.Decode(bytes);
            Assert.True(result.Success, $"{result.Error} at {result.Offset} for {Convert.ToHexString(bytes)}");
            Assert.True(expected.StructurallyEquals(result.Root!), $"expected {expected}\nactual   {result.Root}");
        }
    }

    [LibWbxmlFact]
    public void WhatWeEncodeLibWbxmlDecodesToTheSameTree()
    {
        foreach (var request in Requests)
        {
            var expected = LibWbxml.ToElement(XElement.Parse(request));
            var bytes = WbxmlEncoder.Encode(expected);

            var actual = LibWbxml.ToElement(LibWbxml.WbxmlToXml(bytes));
            Assert.True(expected.StructurallyEquals(actual), $"expected {expected}\nactual   {actual}");
        }
    }

    [LibWbxmlFact]
    public void SendMailMimeTravelsAsOpaqueBytes()
    {
        var xml = "<SendMail xmlns=\"ComposeMail:\"><ClientId>1</ClientId><MIME>" + Mime + "</MIME></SendMail>";
        var result = WbxmlDecoder.Decode(LibWbxml.XmlToWbxml(LibWbxml.DocType + xml));
        Assert.True(result.Success, result.Error.ToString());
        var mime = result.Root!.Element("ComposeMail", "Mime")!;
        Assert.Null(mime.Text);
        Assert.Equal(Convert.FromBase64String(Mime), mime.Opaque);
        Assert.StartsWith("From: a@example.com\r\n", System.Text.Encoding.ASCII.GetString(mime.Opaque!), StringComparison.Ordinal);
    }
}

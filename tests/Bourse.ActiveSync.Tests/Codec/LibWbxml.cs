using System.Diagnostics;
using System.Xml.Linq;
using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Codec;

/// Drives libwbxml2's command-line tools as an independent WBXML codec, and maps its naming onto MS-ASWBXML's.
internal static class LibWbxml
{
    internal const string DocType = "<!DOCTYPE ActiveSync PUBLIC \"-//MICROSOFT//DTD ActiveSync//EN\" \"http://www.microsoft.com/\">";

    internal static bool IsAvailable { get; } = Find("xml2wbxml") is not null && Find("wbxml2xml") is not null;

    // libwbxml2 0.11 names a few pages and tags differently from the specifications; spec name ← libwbxml name.
    // Namespace: GAL is "Gal". Tags: libwbxml prefixes nested recurrence/attendee/exception tags with their parent
    // ("Recurrence_Type", "Attendee_Email"), spells Contacts addresses "BusinessCity" for MS-ASCNTC's
    // "BusinessAddressCity", and uses older or misspelt names ("MIME" for ComposeMail Mime, "AttOId", "Reply-To",
    // "RMOwner", "ihsManagementInformation", …). It has no Find page (25) and lacks a few 14.1–16.1 tokens.
    internal static readonly Dictionary<(string Namespace, string LibName), string> TagAliases = new()
    {
        [("ComposeMail", "MIME")] = "Mime",
        [("Contacts", "AssistantTelephoneNumber")] = "AssistantPhoneNumber",
        [("Contacts", "BusinessCity")] = "BusinessAddressCity",
        [("Contacts", "BusinessCountry")] = "BusinessAddressCountry",
        [("Contacts", "BusinessPostalCode")] = "BusinessAddressPostalCode",
        [("Contacts", "BusinessState")] = "BusinessAddressState",
        [("Contacts", "BusinessStreet")] = "BusinessAddressStreet",
        [("Contacts", "HomeCity")] = "HomeAddressCity",
        [("Contacts", "HomeCountry")] = "HomeAddressCountry",
        [("Contacts", "HomePostalCode")] = "HomeAddressPostalCode",
        [("Contacts", "HomeState")] = "HomeAddressState",
        [("Contacts", "HomeStreet")] = "HomeAddressStreet",
        [("Contacts", "OtherCity")] = "OtherAddressCity",
        [("Contacts", "OtherCountry")] = "OtherAddressCountry",
        [("Contacts", "OtherPostalCode")] = "OtherAddressPostalCode",
        [("Contacts", "OtherState")] = "OtherAddressState",
        [("Contacts", "OtherStreet")] = "OtherAddressStreet",
        [("Email", "AttOId")] = "Att0Id",
        [("Email", "Reply-To")] = "ReplyTo",
        [("Calendar", "TimeZone")] = "Timezone",
        [("Calendar", "Attendee_Email")] = "Email",
        [("Calendar", "Attendee_Name")] = "Name",
        [("Calendar", "Attendee_Status")] = "AttendeeStatus",
        [("Calendar", "Attendee_Type")] = "AttendeeType",
        [("Calendar", "Compressed_RTF")] = "CompressedRTF",
        [("Calendar", "DTStamp")] = "DtStamp",
        [("Calendar", "Exception_Deleted")] = "Deleted",
        [("Calendar", "Exception_StartTime")] = "ExceptionStartTime",
        [("Calendar", "Organizer_Email")] = "OrganizerEmail",
        [("Calendar", "Organizer_Name")] = "OrganizerName",
        [("Tasks", "UTCDueDate")] = "UtcDueDate",
        [("Tasks", "UTCStartDate")] = "UtcStartDate",
        [("Tasks", "Recurrence_Start")] = "Start",
        [("Tasks", "Recurrence_Regenerate")] = "Regenerate",
        [("Tasks", "Recurrence_DeadOccur")] = "DeadOccur",
        [("Provision", "DeviceEncryptionEnabled")] = "RequireStorageCardEncryption",
        [("Settings", "SmtpAddress")] = "SMTPAddress",
        [("Settings", "ihsManagementInformation")] = "RightsManagementInformation",
        [("RightsManagement", "RMOwner")] = "Owner",
    };

    // Elements whose XML text libwbxml2 treats as base64 of OPAQUE content.
    internal static readonly HashSet<(string Namespace, string Name)> OpaqueElements =
    [
        ("ComposeMail", "Mime"), ("Email2", "ConversationId"), ("Email2", "ConversationIndex"), ("ItemOperations", "ConversationId"),
    ];

    internal static string SpecNamespace(string libNamespace)
    {
        var ns = libNamespace.TrimEnd(':');
        return ns == "Gal" ? "GAL" : ns;
    }

    internal static string SpecName(string @namespace, string libName)
    {
        if (TagAliases.TryGetValue((@namespace, libName), out var name))
        {
            return name;
        }

        // "Recurrence_Type" → "Type" on Email, Calendar and Tasks.
        var underscore = libName.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 && libName.StartsWith("Recurrence_", StringComparison.Ordinal) ? libName[(underscore + 1)..] : libName;
    }

    internal static string LibName(string @namespace, string specName)
    {
        foreach (var ((ns, libName), name) in TagAliases)
        {
            if (ns == @namespace && name == specName)
            {
                return libName;
            }
        }

        return specName;
    }

    /// Parses libwbxml-flavoured ActiveSync XML into our tree (names mapped to the spec, opaque text base64-decoded).
    internal static WbxmlElement ToElement(XElement xml)
    {
        var ns = SpecNamespace(xml.Name.NamespaceName);
        var element = new WbxmlElement(ns, SpecName(ns, xml.Name.LocalName));
        if (xml.HasElements)
        {
            foreach (var child in xml.Elements())
            {
                element.Add(ToElement(child));
            }
        }
        else if (xml.Value.Length > 0)
        {
            if (OpaqueElements.Contains((element.Namespace, element.Name)))
            {
                element.Opaque = Convert.FromBase64String(xml.Value);
            }
            else
            {
                element.Text = xml.Value;
            }
        }

        return element;
    }

    internal static byte[] XmlToWbxml(string xml)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("bourse-wbxml-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.xml");
            var output = Path.Combine(dir.FullName, "out.wbxml");
            File.WriteAllText(input, xml);

            // -a: anonymous (public id 1, no DTD string), -n: no string table, -v 1.3 — the header MS-ASWBXML 2.1.1 requires.
            Run("xml2wbxml", "-a", "-n", "-v", "1.3", "-o", output, input);
            return File.ReadAllBytes(output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    internal static XElement WbxmlToXml(byte[] wbxml)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("bourse-wbxml-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.wbxml");
            var output = Path.Combine(dir.FullName, "out.xml");
            File.WriteAllBytes(input, wbxml);

            // Public id 1 names no language, so the ActiveSync tables are forced with -l; -m 0 = compact output.
            Run("wbxml2xml", "-m", "0", "-l", "ACTIVESYNC", "-o", output, input);
            return XDocument.Parse(File.ReadAllText(output)).Root!;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(Find(tool)!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException($"{tool} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stdout.Result} {stderr.Result}");
        }
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}

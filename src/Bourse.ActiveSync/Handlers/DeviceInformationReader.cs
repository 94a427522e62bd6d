using Bourse.ActiveSync.Codec;
using Bourse.Directory.Devices;

namespace Bourse.ActiveSync.Handlers;

/// Reads a Settings:DeviceInformation element (MS-ASCMD 2.2.3.52, sent in Settings and, from 14.1, in Provision).
internal static class DeviceInformationReader
{
    private const int MaxValueLength = 1024;

    internal static DeviceInformation? Read(WbxmlElement? deviceInformation)
    {
        var set = deviceInformation?.Element("Settings", "Set");
        if (set is null)
            return null;
        return new DeviceInformation
        {
            Model = Text(set, "Model"),
            Imei = Text(set, "IMEI"),
            FriendlyName = Text(set, "FriendlyName"),
            OperatingSystem = Text(set, "OS"),
            OperatingSystemLanguage = Text(set, "OSLanguage"),
            PhoneNumber = Text(set, "PhoneNumber"),
            MobileOperator = Text(set, "MobileOperator"),
            UserAgent = Text(set, "UserAgent"),
            EnableOutboundSms = Text(set, "EnableOutboundSMS") switch
            {
                "1" => true,
                "0" => false,
                _ => null,
            },
        };
    }

    private static string? Text(WbxmlElement parent, string name)
    {
        var text = parent.Element("Settings", name)?.Text;
        return text is null ? null : text.Length > MaxValueLength ? text[..MaxValueLength] : text;
    }
}

namespace Bourse.ActiveSync.Tests.Codec;

/// A fact that needs libwbxml2's xml2wbxml and wbxml2xml (Debian libwbxml2-utils); skipped, not passed, without them.
public sealed class LibWbxmlFactAttribute : FactAttribute
{
    public LibWbxmlFactAttribute()
    {
        if (!LibWbxml.IsAvailable)
        {
            Skip = "libwbxml2-utils (xml2wbxml, wbxml2xml) is not installed";
        }
    }
}

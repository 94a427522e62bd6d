using System.Text;

namespace Bourse.Mailbox.Tests;

/// <summary>Builds MIME test inputs: C# literals with LF line ends become CRLF, as on the wire.</summary>
internal static class TestMime
{
    public static byte[] Crlf(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    public static byte[] Latin1Crlf(string text) => Encoding.Latin1.GetBytes(text.ReplaceLineEndings("\r\n"));

    /// <summary>A 1x1 transparent PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public static string PngBase64 => Convert.ToBase64String(Png);
}

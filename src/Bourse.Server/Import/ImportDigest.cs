using System.Security.Cryptography;
using Bourse.Core.Properties;

namespace Bourse.Server.Import;

/// <summary>
/// Every imported item carries the SHA-256 of its MIME bytes in a named property, so re-running an import (for example
/// after it was interrupted) skips what is already in the folder instead of duplicating it.
/// </summary>
internal static class ImportDigest
{
    private static readonly Guid PropertySet = new("5b0e1f5e-3a8c-4d59-9a3f-b0b5e0a1c7d2");

    public static readonly PropertyKey Key = PropertyKey.FromName(NamedProperty.ByName(PropertySet, "BourseImportSha256"), PropertyType.Binary);

    public static byte[] Compute(ReadOnlySpan<byte> mime) => SHA256.HashData(mime);

    public static string ToKey(ReadOnlySpan<byte> digest) => Convert.ToHexString(digest);
}

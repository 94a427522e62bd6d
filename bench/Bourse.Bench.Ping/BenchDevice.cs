using System.Globalization;

namespace Bourse.Bench.Ping;

/// <summary>One simulated phone: its user, DeviceId, the policy key it acknowledged and the Inbox it watches.</summary>
internal sealed record BenchDevice(int Index, string User, string DeviceId, uint PolicyKey, string InboxId)
{
    public const string Domain = "bourse.test";
    public const string Password = "Bench-Password-1";
    public const string DeviceType = "SmartPhone";
    public const string UserAgent = "BourseBench/1.0";
    public const string ProtocolVersion = "14.1";

    public string Address => $"{User}@{Domain}";

    public string ToLine() => string.Join(' ', Index.ToString(CultureInfo.InvariantCulture), User, DeviceId,
        PolicyKey.ToString(CultureInfo.InvariantCulture), InboxId);

    public static BenchDevice FromLine(string line)
    {
        var p = line.Split(' ');
        return new BenchDevice(int.Parse(p[0], CultureInfo.InvariantCulture), p[1], p[2], uint.Parse(p[3], CultureInfo.InvariantCulture), p[4]);
    }

    public static string UserName(int userIndex) => "bench" + userIndex.ToString(CultureInfo.InvariantCulture);

    public static string DeviceName(int index) => "BenchPhone" + index.ToString(CultureInfo.InvariantCulture);
}

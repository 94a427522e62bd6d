using Bourse.Testing;
namespace Bourse.Server.Tests.Infrastructure;

/// <summary>A fact reported as skipped (not silently passed) when the third-party client it drives is not installed.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        foreach (var tool in tools)
            Check(tool);
    }

    private void Check(string tool)
    {
        var available = tool switch
        {
            "exchangelib" => ExternalTool.HasExchangelib,
            "curl" => ExternalTool.HasCurl,
            "requests-ntlm" => ExternalTool.HasRequestsNtlm,
            "ews-javascript-api" => ExternalTool.HasEwsJavascriptApi,
            "libwbxml" => ExternalTool.HasLibWbxml,
            "playwright" => ExternalTool.HasPlaywrightChromium,
            _ => false,
        };
        if (!available)
            Skip ??= $"{tool} is not installed (./test.sh installs it)";
    }
}

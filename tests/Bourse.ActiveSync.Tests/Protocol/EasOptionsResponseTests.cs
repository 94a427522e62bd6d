using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Tests.Protocol;

public sealed class EasOptionsResponseTests
{
    [Fact]
    public void DefaultAdvertisesTheFiveServedVersions()
    {
        Assert.Equal("12.1,14.0,14.1,16.0,16.1", EasOptionsResponse.Default["MS-ASProtocolVersions"]);
    }

    [Fact]
    public void DefaultAdvertisesEveryCommand()
    {
        Assert.Equal(
            "Sync,SendMail,SmartForward,SmartReply,GetAttachment,FolderSync,FolderCreate,FolderDelete,FolderUpdate,MoveItems,"
            + "GetItemEstimate,MeetingResponse,Search,Settings,Ping,ItemOperations,Provision,ResolveRecipients,ValidateCert,Find",
            EasOptionsResponse.Default["MS-ASProtocolCommands"]);
    }

    [Fact]
    public void DefaultCarriesServerVersionAndAllowedMethods()
    {
        Assert.Equal(EasOptionsResponse.ServerVersion, EasOptionsResponse.Default["ms-server-activesync"]);
        Assert.Equal("OPTIONS,POST", EasOptionsResponse.Default["Allow"]);
        Assert.Equal("OPTIONS,POST", EasOptionsResponse.Default["Public"]);
        Assert.Null(EasOptionsResponse.Default["X-Unknown"]);
    }

    [Fact]
    public void EveryAdvertisedCommandAndVersionParses()
    {
        foreach (var name in EasOptionsResponse.Default["MS-ASProtocolCommands"]!.Split(','))
        {
            Assert.True(EasCommands.TryFromName(name, out _), name);
        }

        foreach (var version in EasOptionsResponse.Default["MS-ASProtocolVersions"]!.Split(','))
        {
            Assert.True(EasProtocolVersions.TryFromText(version, out _), version);
        }
    }

    [Fact]
    public void CreateListsOnlyWhatItIsGiven()
    {
        var response = EasOptionsResponse.Create([EasProtocolVersion.V14_1], [EasCommand.Sync, EasCommand.Ping]);

        Assert.Equal("14.1", response["MS-ASProtocolVersions"]);
        Assert.Equal("Sync,Ping", response["MS-ASProtocolCommands"]);
    }
}

using Bourse.Core.Model;

namespace Bourse.Core.Tests.Model;

public sealed class WellKnownFoldersTests
{
    [Fact]
    public void EveryFolderIsDefinedOnceAndParentsComeFirst()
    {
        var seen = new HashSet<WellKnownFolder>();
        foreach (var d in WellKnownFolders.All)
        {
            Assert.True(d.Parent is null || seen.Contains(d.Parent.Value), $"{d.Folder} listed before its parent");
            Assert.True(seen.Add(d.Folder));
        }
        Assert.Equal(Enum.GetValues<WellKnownFolder>().Length, seen.Count);
    }

    [Theory]
    [InlineData(WellKnownFolder.Inbox, true, "IPF.Note")]
    [InlineData(WellKnownFolder.Calendar, true, "IPF.Appointment")]
    [InlineData(WellKnownFolder.Contacts, true, "IPF.Contact")]
    [InlineData(WellKnownFolder.Tasks, true, "IPF.Task")]
    [InlineData(WellKnownFolder.Notes, true, "IPF.StickyNote")]
    [InlineData(WellKnownFolder.Journal, true, "IPF.Journal")]
    [InlineData(WellKnownFolder.SearchFolders, false, null)]
    [InlineData(WellKnownFolder.IpmSubtree, false, null)]
    public void IpmPlacementAndContainerClassesFollowExchange(WellKnownFolder folder, bool ipm, string? containerClass)
    {
        Assert.Equal(ipm, WellKnownFolders.IsIpm(folder));
        Assert.Equal(containerClass, WellKnownFolders.Get(folder).ContainerClass);
    }
}

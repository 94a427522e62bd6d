using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Properties;
using static Bourse.ActiveSync.Tests.Mapping.MappingTestKit;

namespace Bourse.ActiveSync.Tests.Mapping;

public sealed class TaskAndNoteMappingTests
{
    private static WbxmlElement Task(EasProtocolVersion version) => App(
        E("Tasks:Subject", "File taxes"),
        E("Tasks:Importance", "2"),
        E("Tasks:UtcStartDate", "2026-03-01T23:00:00.000Z"),
        E("Tasks:StartDate", "2026-03-02T00:00:00.000Z"),
        E("Tasks:UtcDueDate", "2026-04-14T22:00:00.000Z"),
        E("Tasks:DueDate", "2026-04-15T00:00:00.000Z"),
        E("Tasks:Categories", E("Tasks:Category", "Home")),
        E("Tasks:Recurrence", Recurrence(version)),
        E("Tasks:Complete", "1"),
        E("Tasks:DateCompleted", "2026-04-10T12:00:00.000Z"),
        E("Tasks:Sensitivity", "2"),
        E("Tasks:ReminderTime", "2026-04-14T08:00:00.000Z"),
        E("Tasks:ReminderSet", "1"),
        E("AirSyncBase:Body", E("AirSyncBase:Type", "1"), E("AirSyncBase:Data", "Receipts in the blue folder.")));

    private static IEnumerable<WbxmlElement> Recurrence(EasProtocolVersion version)
    {
        yield return E("Tasks:Type", "5");
        yield return E("Tasks:Start", "2026-04-15T00:00:00.000Z");
        yield return E("Tasks:Occurrences", "10");
        yield return E("Tasks:Interval", "1");
        yield return E("Tasks:DayOfMonth", "15");
        yield return E("Tasks:MonthOfYear", "4");
        yield return E("Tasks:Regenerate", "0");
        yield return E("Tasks:DeadOccur", "0");
        if (version >= EasProtocolVersion.V14_1)
        {
            yield return E("Tasks:FirstDayOfWeek", "1");
        }
    }

    [Fact]
    public async Task TasksRoundTripInEveryVersion()
    {
        foreach (var version in AllVersions)
        {
            var sent = Task(version);
            var created = ParseAddOk(sent, EasClass.Tasks, version);
            Assert.Equal("IPM.Task", created.Properties.GetString(PropTags.MessageClass));
            Assert.Equal(2, created.Properties.GetInt32(NamedProps.TaskStatus));
            Assert.Equal(1.0, created.Properties[NamedProps.PercentComplete]!.AsDouble());
            Assert.True(created.Properties.GetBoolean(NamedProps.TaskRecurring));
            AssertRoundTrip(sent, await RenderAsync(ToItem(created), EasClass.Tasks, Options(version)));
        }
    }

    [Fact]
    public async Task ATaskChangeDeletesWhatItLeavesOut()
    {
        var item = ToItem(ParseAddOk(Task(EasProtocolVersion.V14_1), EasClass.Tasks, EasProtocolVersion.V14_1));
        var changed = Apply(item, ParseChangeOk(App(E("Tasks:Subject", "File taxes"), E("Tasks:Complete", "0")), EasClass.Tasks, EasProtocolVersion.V14_1));
        Assert.Null(changed.Properties.GetDateTime(NamedProps.TaskDueDate));
        Assert.Null(changed.Properties.GetString(PropTags.Body));
        Assert.False(changed.Properties.GetBoolean(NamedProps.TaskRecurring));
        Assert.Equal(0, changed.Properties.GetInt32(NamedProps.TaskStatus));
        var rendered = await RenderAsync(changed, EasClass.Tasks, Options(EasProtocolVersion.V14_1));
        Assert.Equal("0", Text(rendered, "Tasks:Complete"));
        Assert.Null(Child(rendered, "Tasks:Recurrence"));
    }

    [Theory]
    [InlineData("importance-5", (int)ItemParseError.InvalidValue)]
    [InlineData("due-bad", (int)ItemParseError.InvalidDate)]
    [InlineData("complete-2", (int)ItemParseError.InvalidValue)]
    [InlineData("recurrence-dayofweek-200", (int)ItemParseError.InvalidValue)]
    public void BadTasksAreTypedFailures(string name, int expected)
    {
        var app = name switch
        {
            "importance-5" => App(E("Tasks:Importance", "5")),
            "due-bad" => App(E("Tasks:DueDate", "2026-04-31T00:00:00.000Z")),
            "complete-2" => App(E("Tasks:Complete", "2")),
            "recurrence-dayofweek-200" => App(E("Tasks:Recurrence", E("Tasks:Type", "1"), E("Tasks:DayOfWeek", "200"))),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.Equal((ItemParseError)expected, ItemParser.ParseAdd(app, EasClass.Tasks, EasProtocolVersion.V14_1).Error);
    }

    [Fact]
    public async Task NotesRoundTripFrom140()
    {
        var sent = App(
            E("Notes:Subject", "Shopping"),
            E("AirSyncBase:Body", E("AirSyncBase:Type", "1"), E("AirSyncBase:Data", "Milk\r\nBread")),
            E("Notes:MessageClass", "IPM.StickyNote"),
            E("Notes:LastModifiedDate", "2026-03-14T10:00:00.000Z"),
            E("Notes:Categories", E("Notes:Category", "Errands")));
        foreach (var version in AllVersions.Where(v => v >= EasProtocolVersion.V14_0))
        {
            var created = ParseAddOk(sent, EasClass.Notes, version);
            AssertRoundTrip(sent, await RenderAsync(ToItem(created), EasClass.Notes, Options(version)));
        }
    }

    [Fact]
    public void ANoteChangeKeepsItsClassAndDeletesTheRest()
    {
        var item = ToItem(ParseAddOk(App(E("Notes:Subject", "S"), E("Notes:Categories", E("Notes:Category", "C")),
            E("AirSyncBase:Body", E("AirSyncBase:Type", "1"), E("AirSyncBase:Data", "B"))), EasClass.Notes, EasProtocolVersion.V14_1));
        var changed = Apply(item, ParseChangeOk(App(E("Notes:Subject", "S2")), EasClass.Notes, EasProtocolVersion.V14_1));
        Assert.Equal("IPM.StickyNote", changed.Properties.GetString(PropTags.MessageClass));
        Assert.Equal("S2", changed.Properties.GetString(PropTags.Subject));
        Assert.Null(changed.Properties.GetString(PropTags.Body));
        Assert.False(changed.Properties.Contains(NamedProps.Keywords));

        Assert.Equal(ItemParseError.InvalidValue,
            ItemParser.ParseAdd(App(E("Notes:MessageClass", "IPM.Note")), EasClass.Notes, EasProtocolVersion.V14_1).Error);
    }
}

using Bourse.Storage.Sqlite;

namespace Bourse.Storage.Tests.Sqlite;

public sealed class FtsQueryBuilderTests
{
    [Theory]
    [InlineData("hello", "mb : \"m7\" AND {subject body sender} : (\"hello\"*)")]
    [InlineData("a b", "mb : \"m7\" AND {subject body sender} : (\"a\" AND \"b\"*)")]
    [InlineData("say \"hi\"", "mb : \"m7\" AND {subject body sender} : (\"say\" AND \"\"\"hi\"\"\")")]
    [InlineData("OR NEAR(", "mb : \"m7\" AND {subject body sender} : (\"OR\" AND \"NEAR(\")")]
    public void BuildsQuotedTermsWithPrefixOnTheLast(string text, string expected) => Assert.Equal(expected, FtsQueryBuilder.Build(text, 7));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!! -- ??")]
    public void NothingSearchableGivesNull(string? text) => Assert.Null(FtsQueryBuilder.Build(text, 1));
}

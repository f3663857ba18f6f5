#include "storage/statement.h"

#include <gtest/gtest.h>

namespace lineport::storage {
namespace {

constexpr Query joined{"test.joined",
                       "SELECT a.id, a.org_id, o.name AS org_name, COALESCE(a.notes, '') AS notes, "
                       "(SELECT COUNT(*) FROM numbers n WHERE n.account_id = a.id, 'x') AS number_count, "
                       "CASE WHEN a.status = 'a, FROM b' THEN 1 ELSE 0 END AS active "
                       "FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE a.id = $1 AND a.notes <> '$9'"};
constexpr Columns joined_columns{joined};

// Found while compiling: the positions follow the SELECT list, whatever the commas, parentheses,
// quotes and FROMs inside its expressions.
static_assert(joined_columns.size() == 6);
static_assert(joined_columns["id"] == 0);
static_assert(joined_columns["org_id"] == 1);
static_assert(joined_columns["org_name"] == 2);
static_assert(joined_columns["notes"] == 3);
static_assert(joined_columns["number_count"] == 4);
static_assert(joined_columns["active"] == 5);

constexpr Query distinct{"test.distinct", "SELECT DISTINCT org_id FROM numbers"};
static_assert(Columns{distinct}["org_id"] == 0);

constexpr Query returning{"test.returning",
                          "UPDATE t SET a = $2 WHERE id = $1 AND (SELECT 1 FROM u) = 1 RETURNING id, a, b AS c"};
static_assert(Columns{returning}.size() == 3);
static_assert(Columns{returning}["c"] == 2);

constexpr Query longer{"test.longer",
                       "SELECT a.id, a.org_id, o.name AS org_name, COALESCE(a.notes, '') AS notes, "
                       "(SELECT COUNT(*) FROM numbers n WHERE n.account_id = a.id, 'x') AS number_count, "
                       "CASE WHEN a.status = 'a, FROM b' THEN 1 ELSE 0 END AS active, a.login "
                       "FROM accounts a WHERE a.login = $1"};
static_assert(Columns{longer}.starts_with(joined_columns));
static_assert(!joined_columns.starts_with(Columns{longer}));
static_assert(Columns{longer} != joined_columns);
static_assert(Columns{joined} == joined_columns);

// $n inside a quoted text is text, not a parameter.
static_assert(parameter_count(joined.sql) == 1);
static_assert(parameter_count(returning.sql) == 2);
static_assert(parameter_count("INSERT INTO t VALUES ($1, $12, $3, $12)") == 12);

TEST(Statement, FindsNoColumnTheStatementDoesNotReturn) {
  EXPECT_FALSE(joined_columns.find("name").has_value());  // o.name is returned as org_name
  EXPECT_FALSE(joined_columns.find("status").has_value());
  EXPECT_EQ(joined_columns.name(2), "org_name");
}

TEST(Statement, BindsTheValuesInTheOrderOfTheParameters) {
  const auto params = bind<returning>(std::string("id-1"), std::optional<std::string>());
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(params[0].raw()), "id-1");
  EXPECT_TRUE(params[1].is_null());
}

}  // namespace
}  // namespace lineport::storage

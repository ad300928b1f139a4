// The export's typed tables: a row must fit its columns, and CSV writes each cell so that
// it reads back as what it was (shortest round-trip reals, empty for not recorded, text
// that cannot start a formula).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <limits>

#include "results/table.hpp"

using namespace vaxsim;

TEST_CASE("a table's rows must fit its columns") {
    Table t("targets", {{"target", ColumnKind::text},
                        {"deadline", ColumnKind::date},
                        {"met", ColumnKind::integer},
                        {"p_met", ColumnKind::real}});
    t.add_row({std::string("a"), std::string("2021-10-31"), std::int64_t{1}, 0.5});
    t.add_row({std::string("b"), Cell{}, std::int64_t{0}, std::int64_t{1}}); // a count is a real
    CHECK(t.rows() == 2);
    CHECK_THROWS_WITH(t.add_row({std::string("c")}),
                      Catch::Contains("a row of 1 cells for 4 columns"));
    CHECK_THROWS_WITH(t.add_row({std::string("c"), Cell{}, 0.5, 0.5}),
                      Catch::Contains("column 'met' given a cell of the wrong type"));
    CHECK_THROWS_WITH(t.add_row({std::int64_t{3}, Cell{}, Cell{}, Cell{}}),
                      Catch::Contains("column 'target'"));
    CHECK(t.rows() == 2); // a refused row adds nothing
}

TEST_CASE("a table's name is a file stem and a sheet name") {
    CHECK_THROWS(Table("", {{"a", ColumnKind::text}}));
    CHECK_THROWS(Table("Daily doses", {{"a", ColumnKind::text}}));
    CHECK_THROWS(Table(std::string(32, 'a'), {{"a", ColumnKind::text}}));
    CHECK_THROWS(Table("ok", {}));
    CHECK_NOTHROW(Table(std::string(31, 'a'), {{"a", ColumnKind::text}}));
}

TEST_CASE("CSV writes each cell so that it reads back as it was") {
    Table t("cells", {{"label", ColumnKind::text}, {"count", ColumnKind::integer},
                      {"share", ColumnKind::real}});
    t.add_row({std::string("요양병원, 종사자"), std::int64_t{-7}, 0.1});
    t.add_row({std::string("=1+1"), Cell{}, 1234567.5});
    t.add_row({std::string("-5"), std::int64_t{9007199254740993}, 2.0 / 3.0});
    t.add_row({Cell{}, std::int64_t{0}, std::numeric_limits<double>::quiet_NaN()});
    const std::string csv = to_csv(t);
    CHECK(csv == "label,count,share\n"
                 "\"요양병원, 종사자\",-7,0.1\n"
                 "'=1+1,,1234567.5\n"
                 "-5,9007199254740993,0.6666666666666666\n"
                 ",0,nan\n");
    CHECK(std::strtod("0.6666666666666666", nullptr) == 2.0 / 3.0);
}

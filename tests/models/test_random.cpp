// Random streams and distributions: reproducible, keyed, and where they should be.
#include <set>

#include <catch2/catch.hpp>

#include "models/distribution.hpp"
#include "models/random.hpp"
#include "sim/input/distribution_reader.hpp"

using namespace vaxsim;

namespace {

Distribution distribution(const std::string& yaml) {
    auto source = std::make_shared<InputSource>("d.yaml", "d: " + yaml + "\n");
    const InputNode root = parse_input(source);
    return read_distribution(MapReader(root, "test").required("d"));
}

} // namespace

TEST_CASE("a stream is fixed by (seed, index, name) alone", "[random]") {
    RandomStream a(1, 7, "supply/pfizer/delay"), b(1, 7, "supply/pfizer/delay");
    RandomStream other_name(1, 7, "supply/pfizer/shortfall"),
        other_index(1, 8, "supply/pfizer/delay"), other_seed(2, 7, "supply/pfizer/delay");
    const std::uint64_t first = a.next();
    CHECK(first == b.next());
    CHECK(first != other_name.next());
    CHECK(first != other_index.next());
    CHECK(first != other_seed.next());
    // A fixed value guards against an accidental change of the generator or its seeding,
    // which would silently change every published sweep.
    RandomStream pinned(2021, 3, "supply/pfizer/delay");
    CHECK(pinned.next() == 2816196422158661096ull);
    CHECK(pinned.next() == 15721140387501861546ull);
    double sum = 0;
    for (int i = 0; i < 100000; ++i) sum += a.uniform();
    CHECK(sum / 100000 == Approx(0.5).margin(0.005));
}

TEST_CASE("the normal quantile inverts the normal distribution function", "[random]") {
    CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-12));
    CHECK(normal_quantile(0.5) == Approx(0.0).margin(1e-12));
    CHECK(normal_quantile(1e-6) == Approx(-4.753424308822899).epsilon(1e-10));
    for (double p : {0.001, 0.02, 0.3, 0.7, 0.99})
        CHECK(normal_cdf(normal_quantile(p)) == Approx(p).epsilon(1e-12));
}

TEST_CASE("distributions map quantiles to values", "[random]") {
    const Distribution ints = distribution("{uniform_int: [0, 14]}");
    CHECK(ints.quantile(0.0).number == 0);
    CHECK(ints.quantile(0.999999).number == 14);
    CHECK(ints.quantile(0.5).number == 7);
    const Distribution real = distribution("{uniform: [0.2, 0.6]}");
    CHECK(real.quantile(0.25).number == Approx(0.3));
    const Distribution normal = distribution("{normal: {mean: 0.1, sd: 0.1, min: 0, max: 0.5}}");
    CHECK(normal.quantile(0.0).number >= 0.0);
    CHECK(normal.quantile(0.999999).number <= 0.5);
    // Truncated at 0: the median of the kept part is above the mean.
    CHECK(normal.quantile(0.5).number > 0.1);
    const Distribution choice = distribution("{choice: [0, 7, 14], weights: [2, 1, 1]}");
    CHECK(choice.quantile(0.49).number == 0);
    CHECK(choice.quantile(0.51).number == 7);
    CHECK(choice.quantile(0.99).number == 14);
    const Distribution words = distribution("{choice: [hold_second_doses, none]}");
    CHECK(words.quantile(0.7).as_text() == "none");
    CHECK_FALSE(words.is_numeric());
}

TEST_CASE("a distribution outside its allowed range is an input error", "[random]") {
    auto source = std::make_shared<InputSource>("d.yaml", "d: {uniform: [0.5, 1.5]}\n");
    const InputNode root = parse_input(source);
    CHECK_THROWS_WITH(
        read_distribution(MapReader(root, "test").required("d"), Distribution::Range{0, 1}),
        Catch::Contains("d.yaml:1:14") && Catch::Contains("values must lie between 0 and 1"));
}

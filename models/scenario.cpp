#include "models/scenario.hpp"

#include <algorithm>
#include <unordered_set>

#include "models/error.hpp"
#include "models/names.hpp"

namespace vaxsim {
namespace {

std::vector<Product> build_products(const std::vector<ProductSpec>& specs) {
    std::vector<Product> products;
    std::unordered_set<std::string> ids;
    for (const ProductSpec& spec : specs) {
        const std::string path = "products." + spec.id;
        products.push_back(build_within(path, [&] { return Product(spec); }));
        if (!ids.insert(spec.id).second)
            throw ModelError(path, "product id '" + spec.id + "' is used twice");
    }
    if (products.empty()) throw ModelError("products", "expected at least one product");
    return products;
}

// The products, those the places' delivery rows name with their city deliveries from
// the rows (each day's added up). A product with rows may list no deliveries of its own:
// the same doses would arrive twice. Under rule 'listed' a product with deliveries of its
// own but no rows is refused too: its doses would reach no place the rows say.
std::vector<ProductSpec> city_products(const ScenarioSpec& spec) {
    std::vector<ProductSpec> products = spec.products;
    const PlaceSupplySpec& supply = spec.place_supply;
    if (supply.deliveries.empty() && supply.rule != PlaceRule::listed) return products;
    if (spec.places.empty())
        throw ModelError("place_supply", "the places' deliveries need 'places'");
    // Rule 'listed' without any rows: the rule's own error, not each product's.
    if (supply.deliveries.empty())
        throw ModelError("place_supply.rule", "rule 'listed' needs the places' deliveries (a "
                                              "'csv' file of date,place,product,doses)");
    for (ProductSpec& p : products) {
        const SupplySpec& own = p.supply;
        const bool has_own = !own.deliveries.empty() || !own.recurring.empty() || !own.schedule.empty();
        std::vector<Delivery> totals = place_delivery_totals(supply, p.id);
        if (totals.empty()) {
            if (has_own && supply.rule == PlaceRule::listed)
                throw ModelError("products." + p.id + ".supply",
                                 "rule 'listed' gives each place what the places' deliveries "
                                 "(place_supply.csv) list, and they list none of this product's; "
                                 "add its rows there, or choose another rule");
            continue;
        }
        if (has_own)
            throw ModelError("products." + p.id + ".supply",
                             "the places' deliveries (place_supply.csv) list this product, so "
                             "its city deliveries are their rows added up; remove its own "
                             "deliveries, recurring deliveries and csv here, or its rows there");
        p.supply.schedule = std::move(totals);
    }
    return products;
}

} // namespace

Scenario::Scenario(ScenarioSpec spec, Provenance provenance)
    : name(spec.name), description(spec.description), start(spec.start), end(spec.end),
      seed(spec.seed), products(build_products(city_products(spec))),
      heterologous(build_heterologous(spec.heterologous, products)),
      population(spec.population, product_ids(products)),
      capacity(build_within("capacity", [&] { return Capacity(spec.capacity, product_ids(products)); })),
      policy(build_within("policy", [&] {
          return Policy(spec.policy, product_ids(products), spec.start);
      })) {
    if (name.empty()) throw ModelError("name", "a scenario needs a name");
    if (end < start) throw ModelError("end", "the run ends before it starts");
    if (days() > 3660) throw ModelError("end", "a run covers at most 3660 days (ten years)");
    // A holiday outside the run is an error, not ignored: a misdated holiday list (the
    // wrong year) would otherwise change nothing without a word.
    for (std::size_t i = 0; i < spec.capacity.holidays.size(); ++i) {
        const DayNumber day = spec.capacity.holidays[i];
        if (day < start || day > end)
            throw ModelError("capacity.holidays." + std::to_string(i),
                             "the holiday " + format_iso_date(day) + " is outside the run (" +
                                 format_iso_date(start) + " to " + format_iso_date(end) + ")");
    }
    const std::vector<std::string> product_ids = vaxsim::product_ids(products);
    std::unordered_set<std::string> campaign_ids;
    for (const BoosterCampaignSpec& b : spec.boosters) {
        const std::string path = "boosters." + b.id;
        boosters.push_back(
            build_within(path, [&] { return BoosterCampaign(b, population, products); }));
        if (!campaign_ids.insert(b.id).second)
            throw ModelError(path, "campaign id '" + b.id + "' is used twice");
    }
    const auto in_run = [&](DayNumber day, const std::string& path, const std::string& what) {
        if (day < start || day > end)
            throw ModelError(path, what + " " + format_iso_date(day) + " is outside the run (" +
                                       format_iso_date(start) + " to " + format_iso_date(end) +
                                       ")");
    };
    // Exports and returns happen on days of the run: before the start they would be part
    // of the opening stock, after the end they change nothing.
    for (std::size_t p = 0; p < spec.products.size(); ++p) {
        const SupplySpec& supply = spec.products[p].supply;
        const std::string path = "products." + spec.products[p].id + ".supply.";
        for (std::size_t i = 0; i < supply.exports.size(); ++i)
            in_run(supply.exports[i].day, path + "exports." + std::to_string(i) + ".date",
                   "the export of");
        for (std::size_t i = 0; i < supply.returns.size(); ++i)
            in_run(supply.returns[i].day, path + "returns." + std::to_string(i) + ".date",
                   "the return of");
    }
    for (std::size_t i = 0; i < spec.swaps.size(); ++i) {
        const SwapSpec& w = spec.swaps[i];
        const std::string path = "swaps." + std::to_string(i);
        const auto product = [&](const std::string& id, const std::string& side) {
            const auto it = std::find(product_ids.begin(), product_ids.end(), id);
            if (it == product_ids.end())
                throw ModelError(path + "." + side + ".product",
                                 "unknown product '" + id + "'" + did_you_mean(id, product_ids));
            return static_cast<int>(it - product_ids.begin());
        };
        Swap swap;
        swap.day = w.date;
        in_run(w.date, path + ".date", "the swap of");
        swap.give = product(w.give_product, "give");
        swap.get = product(w.get_product, "get");
        if (swap.give == swap.get)
            throw ModelError(path + ".get.product",
                             "a swap gives and gets the same product ('" + w.get_product +
                                 "'); use an export or a return of the difference");
        swap.give_doses = check_count(w.give_doses, path + ".give.doses");
        swap.get_doses = check_count(w.get_doses, path + ".get.doses");
        swaps.push_back(swap);
    }
    std::unordered_set<std::string> target_ids;
    for (const TargetSpec& t : spec.targets) {
        const std::string path = "targets." + t.id;
        targets.push_back(build_within(path, [&] { return Target(t, population, product_ids); }));
        if (!target_ids.insert(t.id).second)
            throw ModelError(path, "target id '" + t.id + "' is used twice");
        if (t.measure == Measure::dose && targets.back().dose > dose_numbers())
            throw ModelError(path + ".dose",
                             "no one gets dose " + std::to_string(targets.back().dose) +
                                 ": the longest series is " + std::to_string(primary_doses()) +
                                 " doses and the campaigns give at most " +
                                 std::to_string(dose_numbers() - primary_doses()) + " boosters");
        if (t.deadline < start || t.deadline > end)
            throw ModelError(path + ".deadline", "the deadline " + format_iso_date(t.deadline) +
                                                     " is outside the run (" +
                                                     format_iso_date(start) + " to " +
                                                     format_iso_date(end) + ")");
    }
    if (spec.epidemic)
        epidemic.emplace(build_within("epidemic", [&] {
            return EpidemicModel(*spec.epidemic, products, population.bands());
        }));
    if (epidemic) check_epidemic_boosters();
    if (spec.initial_state) {
        initial.emplace(build_within("initial_state", [&] {
            return InitialState(*spec.initial_state, population, products, start);
        }));
        // The epidemic's vaccinated strata start from nobody; starting them from the people
        // already vaccinated (by when each was protected) is not modelled, so the two are
        // refused together rather than giving an epidemic that ignores them.
        if (epidemic)
            throw ModelError("initial_state",
                             "an initial state cannot be combined with 'epidemic' yet: the "
                             "epidemic model's vaccinated people would start from nobody, not from "
                             "the people already vaccinated; remove one of the two");
    }
    if (!spec.places.empty()) build_places(spec);
    spec_ = std::make_shared<const ScenarioSpec>(std::move(spec));
    provenance_ = std::make_shared<const Provenance>(std::move(provenance));
}

// The epidemic moves a booster's people out of the strata of those who completed a series
// (or had a booster before), so it needs each booster product's efficacy, and a booster's
// protection must not begin before that of the dose it follows: a campaign's after_days
// plus the booster's delay_days at least every product's delay_days.
void Scenario::check_epidemic_boosters() const {
    int longest_delay = 0;
    std::size_t longest = 0; // the product with the longest delay
    for (std::size_t q = 0; q < epidemic->protection.size(); ++q)
        if (epidemic->protection[q].delay_days > longest_delay) {
            longest_delay = epidemic->protection[q].delay_days;
            longest = q;
        }
    for (const BoosterCampaign& c : boosters) {
        // Without after_days a booster is offered when the last dose's protection lapses:
        // the soonest that happens for a completed series or, when the campaign gives more
        // than one, for a booster before.
        std::optional<int> after = c.after_days;
        if (!after)
            for (const Product& q : products) {
                std::vector<int> last{q.doses_in_series()};
                for (int b = 1; b < c.doses; ++b) last.push_back(primary_doses() + b);
                for (int dose : last)
                    if (const auto lapse = q.protection_days(dose))
                        after = std::min(after.value_or(*lapse), *lapse);
            }
        for (int p : c.products) {
            const std::string& id = products[static_cast<std::size_t>(p)].id();
            const Protection& pr = epidemic->protection[static_cast<std::size_t>(p)];
            if (!pr.booster)
                throw ModelError("epidemic.protection." + id,
                                 "expected 'booster', the efficacy after a booster of '" + id +
                                     "': campaign '" + c.id + "' gives it as a booster");
            if (after && *after + pr.delay_days < longest_delay)
                throw ModelError(c.after_days ? "boosters." + c.id + ".after_days" : "boosters." + c.id,
                                 "the epidemic cannot place these boosters: a booster of '" + id +
                                     "' given " + std::to_string(*after) +
                                     " days after the last dose would protect (after its " +
                                     std::to_string(pr.delay_days) +
                                     " delay_days) before that dose does (up to " +
                                     std::to_string(longest_delay) + " delay_days); " +
                                     (c.after_days ? "after_days must be at least "
                                                   : "protection lapses too soon: give the "
                                                     "campaign after_days of at least ") +
                                     std::to_string(longest_delay - pr.delay_days),
                                 "epidemic.protection." + products[longest].id() + ".delay_days",
                                 "the " + std::to_string(longest_delay) + " delay_days of '" +
                                     products[longest].id() + "'");
        }
    }
}

// Places share the city's deliveries day by day; what the engine does not yet split
// between places (an epidemic per place, stock on hand, exports, returns and swaps) is
// refused with the places rather than run for the city as a whole without a word.
void Scenario::build_places(const ScenarioSpec& spec) {
    const auto refuse = [](const std::string& path, const std::string& what) {
        throw ModelError(path, what + " cannot be combined with 'places' yet; run the city "
                                      "as one place, or remove it");
    };
    if (spec.epidemic) refuse("epidemic", "an epidemic model");
    if (spec.initial_state) refuse("initial_state", "an initial state");
    if (!spec.swaps.empty()) refuse("swaps", "a swap");
    for (const ProductSpec& p : spec.products) {
        if (!p.supply.exports.empty()) refuse("products." + p.id + ".supply.exports", "an export");
        if (!p.supply.returns.empty()) refuse("products." + p.id + ".supply.returns", "a return");
    }
    places.emplace(spec.places, spec.place_supply, population, product_ids(products), start);
    for (int l = 0; l < places->size(); ++l) {
        const std::string path = "places." + places->ids()[l];
        place_scenarios.push_back(
            build_within(path, [&] { return Scenario(places->place_spec(spec, population, l)); }));
        // The city's ledger adds the places' up site by site.
        const auto& sites = place_scenarios.back().capacity.sites();
        bool same = sites.size() == capacity.sites().size();
        for (std::size_t s = 0; same && s < sites.size(); ++s)
            same = sites[s].id == capacity.sites()[s].id;
        if (!same)
            throw ModelError(path + ".capacity", "a place's capacity must have the city's kinds of "
                                                 "site, in the same order");
    }
    add_up_places_willing();
}

void Scenario::add_up_places_willing() {
    std::vector<const Population*> parts;
    for (const Scenario& place : place_scenarios) parts.push_back(&place.population);
    population.add_up_willing(parts);
}

bool Scenario::is_stochastic() const {
    return rollout_is_stochastic() || (epidemic && epidemic->stochastic);
}

bool Scenario::rollout_is_stochastic() const {
    return population.has_uncertain_uptake() ||
           std::any_of(products.begin(), products.end(),
                       [](const Product& p) { return p.supply().is_uncertain(); });
}

Scenario Scenario::realize(std::uint64_t future) const {
    Scenario drawn = *this;
    drawn.future = future;
    for (Product& p : drawn.products) p.realize_supply(seed, future);
    drawn.population.realize_uptake(seed, future);
    // Uptake is drawn per group, so each place draws what the city does.
    for (Scenario& place : drawn.place_scenarios) place.population.realize_uptake(seed, future);
    if (drawn.places) drawn.add_up_places_willing();
    return drawn;
}

} // namespace vaxsim

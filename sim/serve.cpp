#include "sim/serve.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <hdf5.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "models/constraint.hpp"
#include "models/date.hpp"
#include "models/error.hpp"
#include "models/outcomes.hpp"
#include "models/place.hpp"
#include "models/text.hpp"
#include "results/export.hpp"
#include "results/labels.hpp"
#include "results/place_summary.hpp"
#include "results/report.hpp"
#include "results/run_file.hpp"
#include "results/slip_reasons.hpp"
#include "results/summary.hpp"
#include "results/sweep_summary.hpp"
#include "sim/input/inputs_read.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/input/yaml_input.hpp"
#include "sim/parameter_space.hpp"
#include "sim/pipeline.hpp"
#include "sim/serve_assets.hpp"

namespace vaxsim {

using nlohmann::json;

namespace {

ServeReply json_reply(int status, const json& body) {
    // Invalid UTF-8 in a value (a label, an error quoting the request) is replaced, never thrown.
    return {status, "application/json", body.dump(-1, ' ', false, json::error_handler_t::replace)};
}

ServeReply error_reply(int status, const std::string& message) {
    return json_reply(status, json{{"ok", false}, {"error", message}});
}

std::string canonical_or_same(const std::string& path) {
    std::error_code ec;
    const auto c = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : c.string();
}

// An override that would make the scenario read another file (a supply CSV, a contact
// matrix, a base scenario): the page may only change values, never what is read.
bool names_a_file(const std::string& override_text) {
    for (const char* word : {"csv", "extends"})
        if (override_text.find(word) != std::string::npos) return true;
    return false;
}

json date_or_null(const std::optional<DayNumber>& day) {
    return day ? json(format_iso_date(*day)) : json(nullptr);
}

// One lever: a path of --set, what it is called, its kind and its value in the scenario.
void add_lever(json& levers, const ScenarioSpec& spec, const std::string& section,
               const std::string& path, const std::string& kind, const json& base,
               json extra = json::object()) {
    json lever{{"section", section},
               {"path", path},
               {"name", parameter_display_name(spec, path)},
               {"kind", kind},
               {"base", base}};
    for (auto& [k, v] : extra.items()) lever[k] = v;
    levers.push_back(std::move(lever));
}

// The page's words, in the server's language, from results/labels.cpp's tables: a JSON
// object the page reads (sim/serve/app.js, `W`), safe inside a <script> element.
std::string page_words(Language language) {
    static constexpr std::pair<std::string_view, Label> words[] = {
        {"compare", Label::srv_compare},
        {"reset", Label::srv_reset},
        {"dl_h5", Label::srv_dl_h5},
        {"dl_html", Label::srv_dl_html},
        {"dl_xlsx", Label::srv_dl_xlsx},
        {"overrides", Label::srv_overrides},
        {"no_overrides", Label::srv_no_overrides},
        {"command", Label::srv_command},
        {"targets", Label::srv_targets},
        {"coverage", Label::srv_coverage},
        {"binding", Label::srv_binding},
        {"plan", Label::srv_plan},
        {"overdue", Label::srv_overdue},
        {"sweep", Label::srv_sweep},
        {"futures", Label::srv_futures},
        {"sweep_start", Label::srv_sweep_start},
        {"sweep_cancel", Label::srv_sweep_cancel},
        {"remove", Label::srv_remove},
        {"target", Label::srv_target},
        {"status", Label::srv_status},
        {"reached", Label::srv_reached},
        {"margin", Label::srv_margin},
        {"deadline", Label::srv_deadline},
        {"threshold", Label::srv_threshold},
        {"value", Label::srv_value},
        {"met", Label::srv_met},
        {"not_met", Label::srv_not_met},
        {"never", Label::srv_never},
        {"base", Label::srv_base},
        {"quarter", Label::srv_quarter},
        {"tier", Label::srv_tier},
        {"group", Label::srv_group},
        {"planned", Label::srv_planned},
        {"started", Label::srv_started},
        {"gap", Label::srv_gap},
        {"product", Label::srv_product},
        {"peak", Label::srv_peak},
        {"peak_day", Label::srv_peak_day},
        {"person_days", Label::srv_person_days},
        {"at_end", Label::srv_at_end},
        {"p_met", Label::srv_p_met},
        {"interval", Label::srv_interval},
        {"runs", Label::srv_runs},
        {"running", Label::srv_running},
        {"done", Label::srv_done},
        {"cancelled", Label::srv_cancelled},
        {"error", Label::srv_error},
        {"same_futures", Label::srv_same_futures},
        {"round_trip", Label::srv_round_trip},
        {"server", Label::srv_server},
        {"supply", Label::srv_supply},
        {"capacity", Label::srv_capacity},
        {"policy", Label::srv_policy},
        {"groups", Label::srv_groups},
        {"boosters", Label::srv_boosters},
        {"this_run", Label::srv_this_run},
        {"base_run", Label::srv_base_run},
        {"finished", Label::srv_finished},
        {"held", Label::srv_held},
        {"lever_supply_scale", Label::srv_lever_supply_scale},
        {"lever_supply_delay", Label::srv_lever_supply_delay},
        {"lever_supply_shortfall", Label::srv_lever_supply_shortfall},
        {"lever_supply_window", Label::srv_lever_supply_window},
        {"lever_capacity_period", Label::srv_lever_capacity_period},
        {"lever_reserve", Label::srv_lever_reserve},
        {"lever_allocation", Label::srv_lever_allocation},
        {"lever_uptake", Label::srv_lever_uptake},
        {"lever_opens", Label::srv_lever_opens},
        {"lever_booster_from", Label::srv_lever_booster_from},
        {"lever_booster_uptake", Label::srv_lever_booster_uptake},
        {"places", Label::rp_places},
        {"lever_place_rule", Label::srv_lever_place_rule},
        {"lever_transfer_lag", Label::srv_lever_transfer_lag},
        {"lever_rebalance", Label::srv_lever_rebalance},
        {"choose_target", Label::rp_choose_target},
        {"tiles_caption", Label::rp_tiles_caption},
        {"tiles_legend", Label::rp_tiles_legend},
        {"slowest_heading", Label::pl_slowest_heading},
        {"slowest_line", Label::pl_slowest_line},
        {"places_plan", Label::srv_places_plan},
        {"places_met", Label::srv_places_met},
        {"places_slipped", Label::srv_places_slipped},
        {"met_of", Label::pl_met_of},
        {"partial", Label::partial}};
    json out = json::object();
    for (const auto& [key, label] : words) out[std::string(key)] = std::string(text(label, language));
    std::string dumped = out.dump();
    for (auto at = dumped.find('<'); at != std::string::npos; at = dumped.find('<', at))
        dumped.replace(at, 1, "\\u003c");
    return dumped;
}

std::string number_text(double x) {
    std::ostringstream s;
    s.precision(12);
    s << x;
    return s.str();
}

std::string reserve_text(const PolicySpec& p) {
    if (!p.reserve_label.empty()) return p.reserve_label;
    if (p.second_dose_reserve == 1.0) return "hold_second_doses";
    if (p.second_dose_reserve == 0.0) return "none";
    return number_text(p.second_dose_reserve);
}

json levers_of(const ScenarioSpec& spec) {
    json levers = json::array();
    for (const ProductSpec& p : spec.products) {
        const std::string at = "products." + p.id + ".supply.";
        add_lever(levers, spec, "supply", at + "scale", "number", number_text(p.supply.scale),
                  {{"what", "supply_scale"}, {"subject", p.id}});
        add_lever(levers, spec, "supply", at + "delay_days", "integer",
                  std::to_string(p.supply.delay_days), {{"what", "supply_delay"}, {"subject", p.id}});
        add_lever(levers, spec, "supply", at + "shortfall", "share", number_text(p.supply.shortfall),
                  {{"what", "supply_shortfall"}, {"subject", p.id}});
        // A dated window of each recurring delivery: its scale there ("Q3 30% short").
        for (const RecurringDelivery& r : p.supply.recurring) {
            const std::string window = at + "scale@" + format_iso_date(r.from) + ".." +
                                       format_iso_date(r.to);
            double scale = 1.0;
            for (const ScaleWindow& w : p.supply.scale_windows)
                if (w.from == r.from && w.to == r.to) scale = w.scale;
            add_lever(levers, spec, "supply", window, "number", number_text(scale),
                      {{"what", "supply_window"},
                       {"subject", p.id + " " + format_iso_date(r.from) + ".." +
                                       format_iso_date(r.to)}});
        }
    }
    for (std::size_t k = 0; k < spec.capacity.periods.size(); ++k) {
        const CapacityPeriod& c = spec.capacity.periods[k];
        add_lever(levers, spec, "capacity",
                  "capacity.periods." + format_iso_date(c.from) + ".doses_per_day", "count",
                  std::to_string(c.doses_per_day),
                  {{"what", "capacity_period"}, {"subject", format_iso_date(c.from)}});
    }
    for (const SiteSpec& site : spec.capacity.sites)
        for (const CapacityPeriod& c : site.periods)
            add_lever(levers, spec, "capacity",
                      "capacity.sites." + site.id + ".periods." + format_iso_date(c.from) +
                          ".doses_per_day",
                      "count", std::to_string(c.doses_per_day),
                      {{"what", "capacity_period"},
                       {"subject", site.id + " " + format_iso_date(c.from)}});
    // One reserve for every product, or (when the scenario gives them) one per product.
    const json reserve_choices = {"hold_second_doses", "none", "0.5"};
    if (spec.policy.reserve_by_product.empty())
        add_lever(levers, spec, "policy", "policy.second_dose_reserve", "reserve",
                  reserve_text(spec.policy),
                  {{"choices", reserve_choices}, {"what", "reserve"}, {"subject", ""}});
    for (const ProductReserveSpec& r : spec.policy.reserve_by_product)
        add_lever(levers, spec, "policy", "policy.second_dose_reserve." + r.product, "reserve",
                  !r.label.empty() ? r.label
                  : r.share == 1.0 ? "hold_second_doses"
                  : r.share == 0.0 ? "none"
                                   : number_text(r.share),
                  {{"choices", reserve_choices}, {"what", "reserve"}, {"subject", r.product}});
    add_lever(levers, spec, "policy", "policy.first_dose_allocation", "allocation",
              spec.policy.allocation,
              {{"choices", {"strict_priority", "proportional"}}, {"what", "allocation"}, {"subject", ""}});
    for (const GroupSpec& g : spec.population.groups) {
        if (!g.uptake_distribution)
            add_lever(levers, spec, "groups", "groups." + g.id + ".uptake", "share",
                      number_text(g.uptake),
                      {{"label", g.label}, {"what", "uptake"}, {"subject", g.id}});
        add_lever(levers, spec, "groups", "groups." + g.id + ".opens", "date",
                  format_iso_date(g.opens), {{"label", g.label}, {"what", "opens"}, {"subject", g.id}});
    }
    // How the city's supply reaches its places: the rule (shares and listed only when the
    // scenario gives their shares or rows), the transfer lag and rebalancing.
    if (!spec.places.empty()) {
        const PlaceSupplySpec& ps = spec.place_supply;
        json rules = json::array({"population", "need", "capacity"});
        if (!ps.shares.empty()) rules.push_back("shares");
        if (!ps.deliveries.empty()) rules.push_back("listed");
        add_lever(levers, spec, "places", "place_supply.rule", "rule", place_rule_name(ps.rule),
                  {{"choices", rules}, {"what", "place_rule"}, {"subject", ""}});
        add_lever(levers, spec, "places", "place_supply.transfer_lag_days", "integer",
                  std::to_string(ps.transfer_lag_days), {{"what", "transfer_lag"}, {"subject", ""}});
        add_lever(levers, spec, "places", "place_supply.rebalance_every_days", "integer",
                  std::to_string(ps.rebalance_every_days), {{"what", "rebalance"}, {"subject", ""}});
    }
    for (const BoosterCampaignSpec& b : spec.boosters) {
        add_lever(levers, spec, "boosters", "boosters." + b.id + ".from", "date",
                  format_iso_date(b.from), {{"what", "booster_from"}, {"subject", b.id}});
        add_lever(levers, spec, "boosters", "boosters." + b.id + ".uptake", "share",
                  number_text(b.uptake), {{"what", "booster_uptake"}, {"subject", b.id}});
    }
    return levers;
}

// The override an error is about: "command line (--set PATH=VALUE): ..." names it.
std::string override_named(const std::string& message, const std::vector<std::string>& overrides) {
    for (const std::string& o : overrides)
        if (message.find("(--set " + o + ")") != std::string::npos) return o;
    return {};
}

// A run with places: the district table's numbers for the page (results/place_summary.hpp
// computes them as `vaxsim run` prints them). Per target and place, the value at the
// deadline against the threshold (the tile's colour) and the share of the place's people;
// per coverage target the spread across places and the three slowest with what held
// them; per quarter of the plan, how many places met it.
json places_json(const Scenario& scenario, const std::vector<PlaceOutcome>& places, Language language) {
    const Places& where = *scenario.places;
    const auto T = [language](Label l) { return std::string(text(l, language)); };
    json r;
    std::string heading = fill(T(Label::pl_heading), {std::to_string(where.size()),
                                                      T(place_rule_label(where.rule())),
                                                      std::to_string(where.transfer_lag_days())});
    if (where.rebalance_every_days() > 0) {
        std::int64_t moved = 0;
        for (const PlaceOutcome& p : places) moved += p.ledger->moved_in.sum();
        heading += "; " + fill(T(Label::pl_rebalanced),
                               {std::to_string(where.rebalance_every_days()), with_commas(moved)});
    }
    r["heading"] = heading;
    r["ids"] = where.ids();
    json names = json::array();
    for (int l = 0; l < where.size(); ++l) names.push_back(where.labels()[l].empty() ? where.ids()[l] : where.labels()[l]);
    r["names"] = std::move(names);
    r["people"] = where.people();

    json targets = json::array();
    for (std::size_t t = 0; t < scenario.targets.size(); ++t) {
        const Target& target = scenario.targets[t];
        const int day = target.deadline - scenario.start;
        json row{{"id", target.id}, {"label", target.label.empty() ? target.id : target.label},
                 {"bound", is_bound(target.measure)}};
        json value = json::array(), threshold = json::array(), met = json::array(), first = json::array();
        for (const PlaceOutcome& p : places) {
            const TargetResult& res = p.outcomes.targets[t];
            value.push_back(res.value_at_deadline);
            threshold.push_back(res.threshold);
            met.push_back(res.met);
            first.push_back(date_or_null(res.first_reached));
        }
        row["value"] = std::move(value);
        row["threshold"] = std::move(threshold);
        row["met"] = std::move(met);
        row["first_reached"] = std::move(first);
        if (!is_bound(target.measure)) {
            const PlaceCoverage at = place_coverage(places, t, day);
            const std::vector<double> shares = at.shares();
            row["share"] = shares;
            row["spread"] = spread_words(equity(at.covered, at.of), language);

            json slowest = json::array();
            for (const SlowPlace& slow : slowest_places(shares, 3, day, [&](int d, std::size_t l) {
                     return static_cast<int>(places[l].ledger->binding_constraint[static_cast<std::size_t>(d)]);
                 }))
                slowest.push_back(json{{"place", slow.place}, {"share", slow.share},
                                       {"held", held_words(slow, language)}});
            row["slowest"] = std::move(slowest);
        }
        targets.push_back(std::move(row));
    }
    r["targets"] = std::move(targets);

    json plan = json::array();
    const Population& pop = scenario.population;
    for (const PlaceQuarter& q : place_quarters(places.size(), place_plan_rows(places))) {
        int complete = 0;
        for (std::size_t l = 0; l < places.size(); ++l) complete += q.complete[l] ? 1 : 0;
        const std::optional<std::int64_t> gap = q.gap();
        json slipped = json::array();
        for (const auto& [g, n] : q.slipped_most_first())
            slipped.push_back(json{{"group", pop.groups()[static_cast<std::size_t>(g)].id}, {"places", n}});
        plan.push_back(json{{"quarter", q.quarter}, {"met_in", q.met_in()}, {"complete", complete},
                            {"gap", gap ? json(*gap) : json(nullptr)}, {"slipped", std::move(slipped)}});
    }
    r["plan"] = std::move(plan);
    return r;
}

json results_json(const Scenario& scenario, const Ledger& ledger, const Outcomes& outcomes,
                  const std::vector<PlaceOutcome>& places, const EpidemicOutcome* epidemic,
                  Language language) {
    json r;
    r["name"] = scenario.name;
    r["start"] = format_iso_date(scenario.start);
    r["end"] = format_iso_date(scenario.end);
    r["days"] = scenario.days();
    json targets = json::array();
    for (std::size_t t = 0; t < scenario.targets.size(); ++t) {
        const Target& target = scenario.targets[t];
        const TargetResult& res = outcomes.targets[t];
        json row{{"id", target.id},
                 {"label", target.label.empty() ? target.id : target.label},
                 {"population", target.population_label},
                 {"deadline", format_iso_date(target.deadline)},
                 {"threshold", res.threshold},
                 {"value", res.value_at_deadline},
                 {"met", res.met},
                 {"margin", res.margin},
                 {"first_reached", date_or_null(res.first_reached)}};
        if (target.share) row["share"] = *target.share;
        const CountVector series = target_series(scenario, ledger, target);
        row["series"] = json(std::vector<std::int64_t>(series.begin(), series.end()));
        targets.push_back(std::move(row));
    }
    r["targets"] = std::move(targets);

    const auto& groups = scenario.population.groups();
    json plan = json::array();
    for (const PlanCheck& p : outcomes.plan) {
        const PriorityGroup& g = groups[static_cast<std::size_t>(p.group)];
        plan.push_back(json{{"group", g.id},
                        {"label", g.label},
                        {"tier", g.tier},
                        {"quarter", g.plan ? g.plan->quarter : ""},
                        {"planned", p.planned},
                        {"started", p.started_in_quarter},
                        {"gap", p.started_in_quarter - p.planned},
                        {"met", p.met},
                        {"in_run", p.quarter_in_run},
                        {"finished", nullptr},
                        {"held", ""}});
    }
    // Why each slipped group slipped (results/slip_reasons.hpp, as the summary says it).
    for (const SlipReason& reason : slip_reasons(scenario, ledger, outcomes))
        for (json& row : plan)
            if (row["group"] == groups[reason.group].id && row["quarter"] == reason.quarter) {
                row["finished"] = reason.finished.empty() ? json(nullptr) : json(reason.finished);
                row["held"] = held_text(reason, language);
            }
    r["plan"] = std::move(plan);

    json overdue = json::array();
    for (std::size_t p = 0; p < outcomes.overdue.size(); ++p) {
        const OverdueResult& o = outcomes.overdue[p];
        overdue.push_back(json{{"product", scenario.products[p].id()},
                           {"peak", o.peak},
                           {"peak_day", date_or_null(o.peak_day)},
                           {"person_days", o.person_days},
                           {"at_end", o.at_end}});
    }
    r["overdue"] = std::move(overdue);

    json codes = json::array();
    for (const ConstraintInfo& c : constraint_table)
        codes.push_back(json{{"label", c.label},
                             {"name", std::string(constraint_name(c.code, language))},
                             {"colour", c.colour}});
    r["constraints"] = std::move(codes);
    std::vector<int> binding(ledger.binding_constraint.begin(), ledger.binding_constraint.end());
    r["binding"] = std::move(binding);
    r["summary"] = format_summary(scenario, ledger, outcomes, epidemic);
    if (scenario.places && !places.empty()) r["places"] = places_json(scenario, places, language);
    return r;
}

// A private temporary folder, removed with everything in it when this goes.
class PrivateFolder {
  public:
    PrivateFolder() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "vaxsim-serve-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder");
        path_ = pattern;
    }
    ~PrivateFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

std::string read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// HDF5 (as Debian builds it) is not thread-safe: one download at a time.
std::mutex hdf5_mutex;

// Counts a run in for as long as it lives; refused past the limit.
class RunSlot {
  public:
    RunSlot(std::atomic<int>& running, int limit) : running_(running) {
        ok_ = running_.fetch_add(1) < limit;
    }
    ~RunSlot() { running_.fetch_sub(1); }
    bool ok() const { return ok_; }

  private:
    std::atomic<int>& running_;
    bool ok_ = false;
};

} // namespace

ParsedRequest parse_serve_request(std::string_view body, const ServeLimits& limits,
                                  bool with_futures) {
    ParsedRequest out;
    if (body.size() > limits.max_request_bytes) {
        out.error = error_reply(413, "the request is larger than " +
                                         std::to_string(limits.max_request_bytes) + " bytes");
        return out;
    }
    const json request = json::parse(body, nullptr, false);
    if (request.is_discarded() || !request.is_object()) {
        out.error = error_reply(400, "the request is not a JSON object");
        return out;
    }
    if (request.contains("overrides")) {
        const json& list = request["overrides"];
        if (!list.is_array()) {
            out.error = error_reply(400, "\"overrides\" must be a list of \"path=value\" texts");
            return out;
        }
        if (list.size() > limits.max_overrides) {
            out.error = error_reply(413, "more than " + std::to_string(limits.max_overrides) +
                                             " overrides");
            return out;
        }
        for (const json& item : list) {
            if (!item.is_string()) {
                out.error = error_reply(400, "\"overrides\" must be a list of \"path=value\" texts");
                return out;
            }
            const std::string text = item.get<std::string>();
            if (text.size() > limits.max_override_chars) {
                out.error = error_reply(413, "an override longer than " +
                                                 std::to_string(limits.max_override_chars) +
                                                 " characters");
                return out;
            }
            if (text.find('=') == std::string::npos) {
                out.error = error_reply(400, "an override is written path=value, not '" + text + "'");
                return out;
            }
            if (names_a_file(text)) {
                out.error = error_reply(403, "the page may change values, not the files the "
                                             "scenario reads: '" + text + "'");
                return out;
            }
            out.overrides.push_back(text);
        }
    }
    if (with_futures) {
        if (!request.contains("futures") || !request["futures"].is_number_integer()) {
            out.error = error_reply(400, "\"futures\" must be a whole number");
            return out;
        }
        out.futures = request["futures"].get<std::int64_t>();
        if (out.futures < 1 || out.futures > limits.max_sweep_futures) {
            out.error = error_reply(413, "a sweep runs 1 to " +
                                             std::to_string(limits.max_sweep_futures) + " futures");
            return out;
        }
    }
    out.ok = true;
    return out;
}

struct ServeSession::Sweep {
    std::atomic<std::int64_t> done{0};
    std::int64_t total = 0;
    std::atomic<bool> cancel{false};
    std::atomic<bool> finished{false};
    bool stochastic = false;
    std::vector<std::string> overrides;
    std::vector<std::string> target_ids, target_labels;
    std::vector<std::atomic<std::int64_t>> met;
    std::string error;
    explicit Sweep(std::size_t targets) : met(targets) {}
};

namespace {
Scenario load_base(const std::filesystem::path& path, std::set<std::string>& files) {
    const InputsRead reading;
    Scenario base = load_scenario_file(path);
    for (const InputRead& f : reading.files()) files.insert(canonical_or_same(f.path));
    return base;
}
} // namespace

ServeSession::ServeSession(std::filesystem::path scenario, ServeOptions options)
    : path_(std::move(scenario)), options_(std::move(options)), base_(load_base(path_, own_files_)) {
    for (const json& lever : levers_of(base_.spec())) lever_paths_.insert(lever["path"].get<std::string>());
}

namespace {
// A value written plainly: digits with an optional sign and decimal part, an ISO date, or
// a lowercase word. Anything else (1e5, 0x10, " 5", "1_000") goes the way --set reads it.
bool plainly_written(const std::string& v) {
    static const std::regex plain(R"(-?[0-9]+(\.[0-9]+)?|[0-9]{4}-[0-9]{2}-[0-9]{2}|[a-z_]+)");
    return v.size() < 40 && std::regex_match(v, plain);
}
} // namespace

std::optional<Scenario> ServeSession::set_on_base(const std::vector<std::string>& overrides) const {
    if (overrides.empty()) return base_;
    try {
        const ParameterSpace space(base_.spec());
        ScenarioSpec spec = base_.spec();
        Provenance provenance = base_.provenance();
        for (const std::string& o : overrides) {
            const auto eq = o.find('=');
            const std::string path = o.substr(0, eq), value = o.substr(eq + 1);
            if (!lever_paths_.count(path) || !plainly_written(value)) return std::nullopt;
            space.resolve(path).set(spec, ParameterValue::parse(value));
            provenance.overrides.push_back(o);
        }
        return Scenario(std::move(spec), std::move(provenance));
    } catch (const std::exception&) {
        return std::nullopt; // load() reads it again and says what is wrong, as --set does
    }
}

ServeSession::~ServeSession() {
    {
        std::lock_guard lock(sweep_mutex_);
        if (sweep_) sweep_->cancel = true;
    }
    if (sweep_thread_.joinable()) sweep_thread_.join();
}

bool ServeSession::load(const std::vector<std::string>& overrides, std::optional<Scenario>& out,
                        ServeReply& reply) const {
    out = set_on_base(overrides);
    if (out) return true;
    try {
        const InputsRead reading;
        out.emplace(load_scenario_file(path_, overrides));
        for (const InputRead& f : reading.files())
            if (!own_files_.count(canonical_or_same(f.path))) {
                out.reset();
                reply = error_reply(403, "the page may read only the scenario's own files");
                return false;
            }
        return true;
    } catch (const InputFileError& e) {
        // The text `vaxsim run --set` prints for the same override.
        const std::string message = e.what();
        reply = json_reply(422, json{{"ok", false},
                                     {"error", message},
                                     {"override", override_named(message, overrides)}});
    } catch (const ModelError& e) {
        reply = json_reply(422, json{{"ok", false}, {"error", e.what()}, {"override", ""}});
    }
    return false;
}

ServeReply ServeSession::levers() const {
    const ScenarioSpec& spec = base_.spec();
    const ServeLimits& l = options_.limits;
    return json_reply(200, json{{"ok", true},
                                {"file", path_.string()},
                                {"name", base_.name},
                                {"language", options_.language},
                                // Its futures sweeps count targets only: the rollout's chance.
                                {"stochastic", base_.rollout_is_stochastic()},
                                {"levers", levers_of(spec)},
                                {"limits",
                                 {{"max_request_bytes", l.max_request_bytes},
                                  {"max_overrides", l.max_overrides},
                                  {"max_concurrent_runs", l.max_concurrent_runs},
                                  {"max_sweep_futures", l.max_sweep_futures}}}});
}

ServeReply ServeSession::run(std::string_view body) {
    const ParsedRequest request = parse_serve_request(body, options_.limits);
    if (!request.ok) return request.error;
    const RunSlot slot(running_, options_.limits.max_concurrent_runs);
    if (!slot.ok()) return error_reply(503, "the server is busy with other runs: try again");
    const auto started = std::chrono::steady_clock::now();
    try {
        std::optional<Scenario> scenario;
        ServeReply reply;
        if (!load(request.overrides, scenario, reply)) return reply;
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(*scenario);
        json r = results_json(*out.scenario, *out.ledger, out.outcomes, out.places,
                              out.epidemic ? &*out.epidemic : nullptr,
                              parse_language(options_.language).value_or(Language::en));
        r["ok"] = true;
        r["overrides"] = request.overrides;
        r["run_ms"] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                 started)
                          .count();
        return json_reply(200, r);
    } catch (const std::exception& e) {
        return error_reply(500, std::string("error: ") + e.what());
    }
}

ServeReply ServeSession::start_sweep(std::string_view body) {
    const ParsedRequest request = parse_serve_request(body, options_.limits, true);
    if (!request.ok) return request.error;
    std::optional<Scenario> scenario;
    ServeReply reply;
    if (!load(request.overrides, scenario, reply)) return reply;
    std::lock_guard lock(sweep_mutex_);
    if (sweep_ && !sweep_->finished) return error_reply(409, "a sweep is running: cancel it first");
    if (sweep_thread_.joinable()) sweep_thread_.join();
    auto sweep = std::make_shared<Sweep>(scenario->targets.size());
    sweep->total = request.futures;
    sweep->stochastic = scenario->rollout_is_stochastic();
    sweep->overrides = request.overrides;
    for (const Target& t : scenario->targets) {
        sweep->target_ids.push_back(t.id);
        sweep->target_labels.push_back(t.label.empty() ? t.id : t.label);
    }
    sweep_ = sweep;
    // Futures 0 .. N-1, each drawn as `vaxsim run --future k` draws it.
    sweep_thread_ = std::thread([sweep, base = std::move(*scenario)] {
        try {
            RunPipeline pipeline;
            for (std::int64_t k = 0; k < sweep->total && !sweep->cancel; ++k) {
                const RunOutput& out = pipeline.run(
                    base, {.future = static_cast<std::uint64_t>(k), .period_summaries = false,
                           .epidemic = false, .counterfactual = false});
                for (std::size_t t = 0; t < out.outcomes.targets.size(); ++t)
                    if (out.outcomes.targets[t].met) ++sweep->met[t];
                ++sweep->done;
            }
        } catch (const std::exception& e) {
            sweep->error = e.what();
        }
        sweep->finished = true;
    });
    return json_reply(202, json{{"ok", true}, {"futures", request.futures}});
}

ServeReply ServeSession::sweep_status() const {
    std::lock_guard lock(sweep_mutex_);
    if (!sweep_) return json_reply(200, json{{"ok", true}, {"state", "none"}});
    const Sweep& s = *sweep_;
    const bool finished = s.finished;
    const std::int64_t done = s.done;
    // The error is written before `finished` is set: read it only after.
    const std::string error = finished ? s.error : std::string();
    std::string state = !finished                     ? "running"
                        : !error.empty()              ? "error"
                        : s.cancel && done < s.total ? "cancelled"
                                                      : "done";
    json targets = json::array();
    for (std::size_t t = 0; t < s.target_ids.size(); ++t) {
        const std::int64_t met = s.met[t];
        const WilsonInterval w = wilson_interval(met, done);
        targets.push_back(json{{"id", s.target_ids[t]},
                           {"label", s.target_labels[t]},
                           {"met", met},
                           {"runs", done},
                           {"p", done ? static_cast<double>(met) / static_cast<double>(done) : 0.0},
                           {"low", w.low},
                           {"high", w.high}});
    }
    return json_reply(200, json{{"ok", true},
                                {"state", state},
                                {"done", done},
                                {"total", s.total},
                                {"stochastic", s.stochastic},
                                {"overrides", s.overrides},
                                {"error", error},
                                {"targets", targets}});
}

ServeReply ServeSession::cancel_sweep() {
    std::lock_guard lock(sweep_mutex_);
    if (sweep_) sweep_->cancel = true;
    return json_reply(200, json{{"ok", true}});
}

ServeReply ServeSession::asset(std::string_view path) const {
    if (path == "/" || path == "/index.html") {
        std::string page(serve_page_html());
        const auto put = [&page](const std::string& mark, const std::string& value) {
            for (auto at = page.find(mark); at != std::string::npos;
                 at = page.find(mark, at + value.size()))
                page.replace(at, mark.size(), value);
        };
        put("{{LANG}}", options_.language);
        put("{{WORDS}}", page_words(parse_language(options_.language).value_or(Language::en)));
        return {200, "text/html; charset=utf-8", page};
    }
    if (path == "/app.js") return {200, "text/javascript; charset=utf-8", std::string(serve_app_js())};
    return error_reply(404, "no such page");
}

ServeReply ServeSession::download(std::string_view what, const std::vector<std::string>& overrides) {
    ParsedRequest check;
    {
        json list = overrides;
        // Text that is not UTF-8 is replaced (and then fails to load like any bad value).
        check = parse_serve_request(
            json{{"overrides", list}}.dump(-1, ' ', false, json::error_handler_t::replace),
            options_.limits);
        if (!check.ok) return check.error;
    }
    if (what != "run.h5" && what != "report.html" && what != "run.xlsx")
        return error_reply(404, "downloads are run.h5, report.html and run.xlsx");
    const RunSlot slot(running_, options_.limits.max_concurrent_runs);
    if (!slot.ok()) return error_reply(503, "the server is busy with other runs: try again");
    try {
        std::optional<Scenario> scenario;
        ServeReply reply;
        if (!load(check.overrides, scenario, reply)) return reply;
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(*scenario);
        std::string command = "vaxsim run " + path_.string();
        for (const std::string& o : check.overrides) command += " --set " + o;
        const std::lock_guard lock(hdf5_mutex);
        // HDF5's error printing is switched off per thread (Debian builds it thread-safe):
        // results/hdf5_interface.cpp does it for the main thread, this for the server's.
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        const PrivateFolder folder;
        const std::filesystem::path h5 = folder.path() / "run.h5";
        write_run_file(OutputTarget{h5, false, OutputKind::file, {}}, *out.scenario, *out.ledger,
                       out.outcomes, RunMetadata{command, utc_timestamp_now()},
                       out.epidemic ? &*out.epidemic : nullptr, {}, out.places);
        if (what == "run.h5") return {200, "application/x-hdf5", read_whole(h5)};
        if (what == "report.html") {
            const std::filesystem::path html = folder.path() / "report.html";
            const auto language = parse_language(options_.language);
            write_report(h5, html, false, language ? *language : Language::en);
            return {200, "text/html; charset=utf-8", read_whole(html)};
        }
        const std::filesystem::path xlsx = folder.path() / "run.xlsx";
        export_xlsx(h5, xlsx, false);
        return {200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                read_whole(xlsx)};
    } catch (const std::exception& e) {
        return error_reply(500, std::string("error: ") + e.what());
    }
}

void serve(ServeSession& session, const std::string& host, int port, std::ostream& out) {
    httplib::Server server;
    const ServeLimits& limits = session.limits();
    server.set_payload_max_length(limits.max_request_bytes);
    server.set_tcp_nodelay(true);
    // Enough threads that a browser's idle kept-alive connections (each holds a thread
    // until it closes) never make a new request wait; idle ones close after 2 s.
    server.new_task_queue = [] { return new httplib::ThreadPool(12); };
    server.set_keep_alive_timeout(2);
    auto send = [](httplib::Response& res, const ServeReply& reply) {
        res.status = reply.status;
        res.set_header("Cache-Control", "no-store");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(reply.body, reply.content_type.c_str());
    };
    // On a loopback address, only requests that name it (or localhost) as their Host: a
    // web page elsewhere cannot reach the server through a name it re-points at 127.0.0.1
    // (DNS rebinding). Filled in once the port is bound.
    const bool loopback = host == "127.0.0.1" || host == "localhost" || host == "::1";
    std::set<std::string> allowed_hosts;
    // Every handler answers; nothing a request holds escapes to the server's loop.
    auto guarded = [send, loopback, &allowed_hosts](auto handler) {
        return [send, handler, loopback, &allowed_hosts](const httplib::Request& req,
                                                         httplib::Response& res) {
            if (loopback && !allowed_hosts.count(req.get_header_value("Host"))) {
                send(res, error_reply(421, "this server answers only to the address it printed"));
                return;
            }
            // A cross-site form cannot send JSON without asking first (which is never
            // answered): every POST must say it is JSON.
            if (req.method == "POST" &&
                req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
                send(res, error_reply(415, "send the request as application/json"));
                return;
            }
            // No compression: Debian's cpp-httplib would brotli-compress every reply a
            // browser accepts that way, which costs some 50 ms per run on the Seoul plan
            // and gains nothing on this machine's loopback. The request is httplib's own
            // (not const) object; the header only steers how the reply is written.
            const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
            try {
                send(res, handler(req));
            } catch (const std::exception& e) {
                send(res, error_reply(500, std::string("error: ") + e.what()));
            }
        };
    };
    server.Get("/", guarded([&](const httplib::Request& r) { return session.asset(r.path); }));
    server.Get("/app.js", guarded([&](const httplib::Request& r) { return session.asset(r.path); }));
    server.Get("/api/levers", guarded([&](const httplib::Request&) { return session.levers(); }));
    server.Post("/api/run", guarded([&](const httplib::Request& r) { return session.run(r.body); }));
    server.Post("/api/sweep",
                guarded([&](const httplib::Request& r) { return session.start_sweep(r.body); }));
    server.Get("/api/sweep", guarded([&](const httplib::Request&) { return session.sweep_status(); }));
    server.Post("/api/sweep/cancel",
                guarded([&](const httplib::Request&) { return session.cancel_sweep(); }));
    server.Get(R"(/download/(run\.h5|report\.html|run\.xlsx))",
               guarded([&](const httplib::Request& r) {
                   std::vector<std::string> overrides;
                   auto range = r.params.equal_range("set");
                   for (auto it = range.first; it != range.second; ++it)
                       overrides.push_back(it->second);
                   return session.download(r.matches[1].str(), overrides);
               }));
    server.set_error_handler([&](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            const std::string message = res.status == 413 ? "the request is too large"
                                                          : "no such page or method";
            send(res, error_reply(res.status, message));
        }
    });
    const int bound = port == 0 ? server.bind_to_any_port(host) : server.bind_to_port(host, port)
                                                                        ? port
                                                                        : -1;
    if (bound < 0)
        throw std::runtime_error("serve: cannot listen on " + host + ":" + std::to_string(port));
    const bool v6 = host.find(':') != std::string::npos;
    for (const std::string& name : {v6 ? "[" + host + "]" : host, std::string("localhost"),
                                   std::string("127.0.0.1"), std::string("[::1]")})
        allowed_hosts.insert(name + ":" + std::to_string(bound));
    out << "vaxsim serve: " << session.scenario_path().string() << " at http://"
        << (v6 ? "[" + host + "]" : host) << ":" << bound << "/  (Ctrl-C stops)" << std::endl;
    server.listen_after_bind();
}

} // namespace vaxsim

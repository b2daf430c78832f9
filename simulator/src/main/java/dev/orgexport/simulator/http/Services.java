package dev.orgexport.simulator.http;

import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.DataSizing;
import dev.orgexport.simulator.data.DataGenerator;
import dev.orgexport.simulator.faults.FaultPlan;
import dev.orgexport.simulator.jobs.JobStore;
import dev.orgexport.simulator.limits.FixedWindowLimiter;
import dev.orgexport.simulator.model.Directory;
import dev.orgexport.simulator.oauth.TokenStore;
import dev.orgexport.simulator.stats.StatsRecorder;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The simulated platform's state, shared by the HTTP handlers and the Simulator's Java admin API.
 * Every part is thread-safe.
 *
 * @param apiBudgetScope supplies the budget scope in force (it can change at run time)
 */
public record Services(Clock clock, Directory directory, TokenStore tokens, FixedWindowLimiter apiLimiter,
                       FixedWindowLimiter tokenLimiter, Supplier<BudgetScope> apiBudgetScope, FaultPlan faults,
                       JobStore jobs, DataGenerator data, DataSizing sizing, StatsRecorder stats) {
}

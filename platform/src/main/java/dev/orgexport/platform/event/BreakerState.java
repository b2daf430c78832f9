package dev.orgexport.platform.event;

/**
 * The state of an org's circuit breaker: CLOSED lets calls through, OPEN fails them fast without
 * any HTTP traffic until its reopen time, HALF_OPEN lets a probe through whose outcome closes or
 * reopens it.
 */
public enum BreakerState { CLOSED, OPEN, HALF_OPEN }

package io.chektbridge.daemon.state;

/**
 * What started an exit delay. After an arm report the bridge times the delay itself and the panel
 * has already said "armed"; after an explicit exit-delay report the panel's closing report ends it.
 */
public enum DelayOrigin {
  ARM_REPORT,
  EXIT_DELAY_REPORT
}

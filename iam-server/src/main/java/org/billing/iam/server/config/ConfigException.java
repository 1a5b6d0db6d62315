package org.billing.iam.server.config;

/**
 * Invalid configuration that stops start-up. The message names the environment variable
 * and the rule, and never contains the value of a secret.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

/**
 * Configuration of a service's bootstrap: {@link dev.sharedsvc.config.SharedServicesConfig}, read from environment
 * variables and Java system properties ({@code SHAREDSVC_POSTGRES_URL} / {@code sharedsvc.postgres.url}), from a
 * framework's own property source, or built in code; {@link dev.sharedsvc.config.Setting} lists every key with
 * both names, its default and its meaning, so that every adapter maps the same keys one to one.
 */
package dev.sharedsvc.config;

/**
 * What the sibling modules of sharedsvc (the framework adapters and the command line) need from the core and users
 * should not call: no compatibility is promised here.
 */
package dev.sharedsvc.internal;

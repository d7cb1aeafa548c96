package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

class FrameworkShutdownHookTest {

    private final List<String> calls = new ArrayList<>();

    /** A framework that records stop/waitForStop and answers waitForStop with {@code answer}. */
    private Framework framework(Object answer) {
        return (Framework) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Framework.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "stop" -> {
                            calls.add("stop");
                            if (answer instanceof BundleException e) {
                                throw e;
                            }
                        }
                        case "waitForStop" -> {
                            calls.add("waitForStop " + args[0]);
                            if (answer instanceof Exception e) {
                                throw e;
                            }
                            return new FrameworkEvent((Integer) answer, (Framework) proxy, null);
                        }
                        case "toString" -> {
                            return "framework";
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }

    @Test
    void keepsTheInterruptFlagWhenInterruptedWhileWaiting() {
        FrameworkShutdownHook hook = new FrameworkShutdownHook(framework(new InterruptedException()),
                Duration.ofSeconds(15));

        hook.stopFramework();

        assertThat(Thread.interrupted()).isTrue(); // also clears it for the next test
        assertThat(calls).containsExactly("stop", "waitForStop 15000");
    }

    @Test
    void givesUpWhenTheFrameworkCannotStop() {
        FrameworkShutdownHook hook = new FrameworkShutdownHook(framework(new BundleException("stuck")),
                Duration.ofSeconds(15));

        hook.stopFramework();

        assertThat(calls).containsExactly("stop");
    }

    @Test
    void returnsAfterTheBoundedWaitWhenTheFrameworkDoesNotStop() {
        FrameworkShutdownHook hook = new FrameworkShutdownHook(framework(FrameworkEvent.WAIT_TIMEDOUT),
                Duration.ofMillis(250));

        hook.stopFramework();

        assertThat(calls).containsExactly("stop", "waitForStop 250");
    }

    @Test
    void stopsTheFrameworkAndWaitsForItBounded() {
        FrameworkShutdownHook hook = new FrameworkShutdownHook(framework(FrameworkEvent.STOPPED),
                Duration.ofSeconds(15));

        hook.stopFramework();

        assertThat(calls).containsExactly("stop", "waitForStop 15000");
    }

    @Test
    void installsOnceAndRemovesCleanly() {
        FrameworkShutdownHook hook = new FrameworkShutdownHook(framework(FrameworkEvent.STOPPED),
                Duration.ofSeconds(15));

        hook.install();
        hook.install(); // a second registration of the same thread would throw IllegalArgumentException
        assertThat(hook.isInstalled()).isTrue();

        hook.remove();
        hook.remove();
        assertThat(hook.isInstalled()).isFalse();
        assertThat(calls).isEmpty(); // removing never stops the framework
    }
}

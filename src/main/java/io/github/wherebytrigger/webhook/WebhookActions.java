package io.github.wherebytrigger.webhook;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.github.wherebytrigger.system.HandlingContext;

/**
 * The threads that carry out webhooks that launch or stop assistants
 * ({@code whereby.webhook.action-threads}), so that request threads never wait for a
 * launcher. Idle threads end after a minute; when all are busy, webhooks wait in a queue
 * (their deadlines still run), and past {@link #QUEUE_CAPACITY} of them the executor
 * refuses more, answered 503. The logging context and the current observation go with
 * each webhook. Deliberately not a {@link java.util.concurrent.Executor} bean: Spring
 * Boot's own task executor backs off when there is one.
 */
final class WebhookActions implements DisposableBean {

	static final int QUEUE_CAPACITY = 10_000;

	private final ExecutorService executor;

	WebhookActions(int threads) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(QUEUE_CAPACITY), new CustomizableThreadFactory("whereby-webhook-"));
		pool.allowCoreThreadTimeOut(true);
		this.executor = HandlingContext.propagating(pool);
	}

	void execute(Runnable action) {
		this.executor.execute(action);
	}

	/**
	 * Lets the webhooks in hand finish (the web server has stopped taking requests by
	 * then, after its graceful shutdown).
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
	}

}

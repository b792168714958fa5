package io.bucketbrigade.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** The AWS operations a client asked for, by name (GetObject, Query, …), in order: an SDK interceptor. */
public final class RequestLog implements ExecutionInterceptor {

    private final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    public List<String> operations() {
        return List.copyOf(operations);
    }

    public void clear() {
        operations.clear();
    }
}

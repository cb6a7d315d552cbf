package io.cardeck.gateway.service;

import io.cardeck.data.ImageShape;

/** What an upload is checked against: the dataset's image shape and number of classes. */
public record DatasetFacts(String name, ImageShape shape, int classes) {
}
